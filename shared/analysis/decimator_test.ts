import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MonoDecimator } from "./decimator.ts";

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

function decimate(hertz: number, chunk: number): MonoDecimator {
  const rate = 44100;
  const tone = Float32Array.from({ length: rate }, (_, i) => Math.sin((2 * Math.PI * hertz * i) / rate));
  const mono = new MonoDecimator(rate, 11025, 60);
  for (let at = 0; at < tone.length; at += chunk) {
    const part = tone.subarray(at, at + chunk);
    mono.push([part, part], part.length);
  }
  return mono;
}

describe("MonoDecimator", () => {
  it("keeps the pass band and removes what would alias, whatever the chunk size", () => {
    for (const chunk of [1, 333, 4096]) {
      const low = decimate(440, chunk);
      assert.equal(low.rate, 11025);
      assert.equal(low.samples().length, 11025);
      assert.ok(Math.abs(rms(low.samples().subarray(100)) - Math.SQRT1_2) < 0.01);
      assert.ok(rms(decimate(9000, chunk).samples().subarray(100)) < 0.01);
    }
  });

  it("stops at its maximum length", () => {
    const mono = new MonoDecimator(44100, 11025, 0.5);
    mono.push([new Float32Array(44100)], 44100);
    assert.equal(mono.samples().length, Math.ceil(0.5 * 11025));
  });
});
