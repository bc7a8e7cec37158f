import { afterAll, describe, expect, it } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toneBlock } from "./test_tone.ts";

const dir = mkdtempSync(join(tmpdir(), "capture-meter-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * ALSA reads its configuration once per process, so the capture runs in a child process whose
 * XDG_CONFIG_HOME points at an asoundrc defining a `file` PCM that captures from a raw float file.
 */
function prepareCaptureDevice(levelDb: number): Record<string, string> {
  const frames = 48000;
  const [left, right] = toneBlock(0, frames, Math.SQRT2 * 10 ** (levelDb / 20), 1000 / 48000);
  const interleaved = new Float32Array(frames * 2);
  for (let i = 0; i < frames; i++) {
    interleaved[2 * i] = left[i];
    interleaved[2 * i + 1] = right[i] / 2;
  }
  const raw = join(dir, "line-in.raw");
  writeFileSync(raw, new Uint8Array(interleaved.buffer));
  mkdirSync(join(dir, "alsa"), { recursive: true });
  writeFileSync(
    join(dir, "alsa", "asoundrc"),
    `pcm.meter_line_in { type file slave.pcm "null" file "/dev/null" infile "${raw}" format "raw" }\n`,
  );
  return { ...process.env, XDG_CONFIG_HOME: dir } as Record<string, string>;
}

const childScript = `
  import { createMixeraTree } from "${import.meta.dir}/../tree/device_model.ts";
  import { MeterService } from "./meter_service.ts";
  import { startCaptureMeter } from "./alsa_capture.ts";
  const tree = createMixeraTree();
  const meters = new MeterService(tree);
  const device = process.argv.at(-1);
  try {
    const capture = await startCaptureMeter(meters, { device, nodePath: "/devices/0/inputs/2" }, () => {});
    await Bun.sleep(100);
    meters.tick();
    await capture.stop();
    console.log(JSON.stringify([0, 1].map((c) => tree.getValue("/devices/0/inputs/2/meters/" + c + "/MeterPeakLevel"))));
  } catch (error) {
    console.log(JSON.stringify({ error: error.message }));
  }
`;

function runChild(device: string, env: Record<string, string>) {
  const result = Bun.spawnSync([process.execPath, "-e", childScript, device], {
    cwd: import.meta.dir,
    env,
    stderr: "pipe",
  });
  return JSON.parse(result.stdout.toString().trim().split("\n").at(-1)!);
}

describe("ALSA capture meter", () => {
  it("meters a capture device per channel, from real ALSA reads in a Worker", () => {
    // The file source is unpaced: it is read to its end (then silence) at once, so the held peak
    // is what tells its level: a sine at -12 dBFS RMS peaks at -8.99 dBFS, the halved channel 6 dB lower.
    const peaks = runChild("meter_line_in", prepareCaptureDevice(-12));
    expect(peaks[0]).toBeCloseTo(-8.99, 1);
    expect(peaks[1]).toBeCloseTo(-15.01, 1);
  });

  it("reports a device that cannot be opened instead of failing silently", () => {
    const outcome = runChild("no_such_device_here", prepareCaptureDevice(-12));
    expect(outcome.error).toMatch(/capture meter no_such_device_here: snd_pcm_open/);
  });
});
