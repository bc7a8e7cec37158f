import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { LoudnessMeter } from "./loudness.ts";

function sine(seconds: number, rate: number, dbfs: number, hertz = 1000): Float32Array {
  const amplitude = 10 ** (dbfs / 20);
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => amplitude * Math.sin((2 * Math.PI * hertz * i) / rate),
  );
}

function measure(rate: number, channels: Float32Array[], chunk = 4096): number | null {
  const meter = new LoudnessMeter(rate, channels.length);
  for (let at = 0; at < channels[0].length; at += chunk) {
    const parts = channels.map((c) => c.subarray(at, at + chunk));
    meter.push(parts, parts[0].length);
  }
  return meter.integrated();
}

describe("LoudnessMeter", () => {
  it("measures a stereo 1 kHz sine at −23 dBFS as −23.0 LUFS at 44.1 and 48 kHz", () => {
    for (const rate of [44100, 48000]) {
      const tone = sine(20, rate, -23);
      const lufs = measure(rate, [tone, tone])!;
      assert.ok(Math.abs(lufs - -23) <= 0.1, `${rate} Hz: ${lufs} LUFS`);
    }
  });

  it("measures −33 dBFS as −33.0 LUFS and a mono −20 dBFS sine as −23 LUFS", () => {
    const quiet = sine(10, 48000, -33);
    assert.ok(Math.abs(measure(48000, [quiet, quiet])! - -33) <= 0.1);
    assert.ok(Math.abs(measure(48000, [sine(10, 48000, -20)])! - -23.01) <= 0.1);
  });

  it("gates silence out absolutely and quiet passages relatively", () => {
    const rate = 48000;
    const withSilence = new Float32Array(rate * 20);
    withSilence.set(sine(10, rate, -23));
    assert.ok(Math.abs(measure(rate, [withSilence, withSilence])! - -23) <= 0.1);
    // 10 s at −23 and 10 s at −60 dBFS: the quiet half lies more than 10 LU below, so it does not count.
    const mixed = new Float32Array(rate * 20);
    mixed.set(sine(10, rate, -23));
    mixed.set(sine(10, rate, -60), rate * 10);
    assert.ok(Math.abs(measure(rate, [mixed, mixed])! - -23) <= 0.1);
  });

  it("weights high frequencies up (the K-weighting shelf) and rumble down", () => {
    const rate = 44100;
    const treble = sine(10, rate, -23, 8000);
    const rumble = sine(10, rate, -23, 25);
    assert.ok(measure(rate, [treble, treble])! > -22);
    assert.ok(measure(rate, [rumble, rumble])! < -25);
  });

  it("answers null for silence and for less than one 400 ms block", () => {
    assert.equal(measure(44100, [new Float32Array(44100 * 5)]), null);
    assert.equal(measure(44100, [sine(0.3, 44100, -10)]), null);
  });
});
