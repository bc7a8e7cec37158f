import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AudioParseError } from "./pcm_layout.ts";
import { encodeAiff, encodeWav, testSignal16 } from "./testing/fixtures.ts";
import { openTrackDecoder, type TrackDecoder } from "./track_decoder.ts";

function hasTool(name: string): boolean {
  try {
    execFileSync(name, ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

async function readAll(decoder: TrackDecoder): Promise<Float32Array[]> {
  const parts: Float32Array[][] = [];
  for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) {
    parts.push(chunk.channelData.map((channel) => channel.slice()));
  }
  decoder.close();
  return Array.from({ length: decoder.channels }, (_, channel) => {
    const out = new Float32Array(parts.reduce((sum, p) => sum + p[channel].length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part[channel], at);
      at += part[channel].length;
    }
    return out;
  });
}

describe("openTrackDecoder", () => {
  const dir = mkdtempSync(join(tmpdir(), "track-decoder-"));
  const frames = 100_000;
  const left = testSignal16(frames, 7);
  const right = testSignal16(frames, 8);
  const wavPath = join(dir, "signal file.wav");
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(wavPath, encodeWav({ sampleRate: 44100, channels: [left, right], bits: 16 }));

  it("streams a WAV in chunks, bit-exact, with the total known up front", async () => {
    const decoder = await openTrackDecoder(wavPath);
    assert.equal(decoder.format, "wav");
    assert.equal(decoder.totalFrames, frames);
    const [l, r] = await readAll(decoder);
    assert.deepEqual(Array.from(l, (x) => x * 32768), Array.from(left));
    assert.deepEqual(Array.from(r, (x) => x * 32768), Array.from(right));
    assert.equal(decoder.progress(), 1);
  });

  it("streams an AIFF", async () => {
    const path = join(dir, "mono.aiff");
    writeFileSync(path, encodeAiff({ sampleRate: 48000, channels: [left], bits: 16 }));
    const decoder = await openTrackDecoder(path);
    assert.equal(decoder.sampleRate, 48000);
    const [mono] = await readAll(decoder);
    assert.deepEqual(Array.from(mono, (x) => x * 32768), Array.from(left));
  });

  it("rejects unknown formats with AudioParseError", async () => {
    const path = join(dir, "notes.txt");
    writeFileSync(path, "not audio at all");
    await assert.rejects(openTrackDecoder(path), AudioParseError);
  });

  it("decodes FLAC losslessly", { skip: !hasTool("flac") }, async () => {
    const path = join(dir, "signal.flac");
    execFileSync("flac", ["-s", "-f", "-o", path, wavPath], { stdio: "ignore" });
    const decoder = await openTrackDecoder(path);
    assert.equal(decoder.format, "flac");
    assert.equal(decoder.totalFrames, frames);
    const [l] = await readAll(decoder);
    assert.equal(l.length, frames);
    // The FLAC decoder scales positive samples by 32767, so allow one step of difference.
    const worst = l.reduce((max, x, i) => Math.max(max, Math.abs(x * 32768 - left[i])), 0);
    assert.ok(worst <= 1, `largest difference ${worst} steps`);
  });

  it("decodes a 48 kHz MP3 to about its length", { skip: !hasTool("lame") }, async () => {
    const path = join(dir, "signal.mp3");
    execFileSync("lame", ["--silent", "-b", "192", "--resample", "48", wavPath, path], { stdio: "ignore" });
    const decoder = await openTrackDecoder(path);
    assert.equal(decoder.format, "mp3");
    assert.equal(decoder.sampleRate, 48000);
    const [l] = await readAll(decoder);
    const expected = frames * 48000 / 44100;
    assert.ok(Math.abs(l.length - expected) < 3000, `decoded ${l.length} frames, expected ~${expected}`);
  });
});
