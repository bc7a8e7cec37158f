import { describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlsaError, loadAlsa, openPcm } from "./alsa.ts";

const hasAlsa = loadAlsa() !== null;

describe.skipIf(!hasAlsa)("ALSA through bun:ffi", () => {
  it("writes frames bit-exactly into a file PCM", () => {
    const dir = mkdtempSync(join(tmpdir(), "alsa-"));
    try {
      const out = join(dir, "capture.raw");
      const pcm = openPcm({
        device: `file:FILE=${out},FORMAT=raw`,
        stream: "playback",
        channels: 2,
        sampleRate: 44100,
      });
      const frames = 1000;
      const samples = new Int16Array(frames * 2).map((_, i) => (i * 37) % 65536 - 32768);
      expect(pcm.write(samples, frames)).toBe(frames);
      pcm.close();
      const captured = new Int16Array(new Uint8Array(readFileSync(out)).buffer);
      expect(Array.from(captured.subarray(0, frames * 2))).toEqual(Array.from(samples));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("sets an exact period and a buffer of whole periods when asked", () => {
    const pcm = openPcm({
      device: "null",
      stream: "playback",
      channels: 2,
      sampleRate: 44100,
      periodFrames: 256,
      periods: 3,
    });
    expect([pcm.periodFrames, pcm.bufferFrames]).toEqual([256, 768]);
    expect(pcm.write(new Int16Array(512), 256)).toBe(256);
    pcm.close();
  });

  it("captures from the null device", () => {
    const pcm = openPcm({ device: "null", stream: "capture", channels: 2, sampleRate: 48000 });
    const buffer = new Int16Array(256 * 2);
    expect(pcm.read(buffer, 256)).toBe(256);
    pcm.close();
  });

  it("reports a missing device as an AlsaError with ALSA's message", () => {
    const open = () =>
      openPcm({ device: "no_such_device_here", stream: "playback", channels: 2, sampleRate: 44100 });
    expect(open).toThrow(AlsaError);
    expect(open).toThrow(/snd_pcm_open\(no_such_device_here\) failed/);
  });
});
