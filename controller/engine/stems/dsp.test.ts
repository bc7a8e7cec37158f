import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { Fft } from "./fft.ts";
import { RunningMedians } from "./running_median.ts";

function naiveMedian(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}

describe("Fft", () => {
  it("matches a direct DFT and inverts back", () => {
    const n = 64;
    const re = Float64Array.from({ length: n }, (_, i) => Math.sin(i * 0.7) + (i % 5) * 0.1);
    const im = Float64Array.from({ length: n }, (_, i) => Math.cos(i * 0.3));
    const [inRe, inIm] = [re.slice(), im.slice()];
    const fft = new Fft(n);
    fft.forward(re, im);
    for (const k of [0, 1, 7, 31, 63]) {
      let sr = 0, si = 0;
      for (let t = 0; t < n; t++) {
        const a = (-2 * Math.PI * k * t) / n;
        sr += inRe[t] * Math.cos(a) - inIm[t] * Math.sin(a);
        si += inRe[t] * Math.sin(a) + inIm[t] * Math.cos(a);
      }
      expect(re[k]).toBeCloseTo(sr, 9);
      expect(im[k]).toBeCloseTo(si, 9);
    }
    fft.inverse(re, im);
    for (let t = 0; t < n; t++) expect(re[t]).toBeCloseTo(inRe[t], 12);
  });

  it("refuses sizes that are not powers of two", () => {
    expect(() => new Fft(1000)).toThrow("power of two");
  });
});

describe("sliding medians", () => {
  it("RunningMedians equals sorting each window (fuzz)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: -5, max: 5 }), { minLength: 3, maxLength: 3 }), {
          maxLength: 40,
        }),
        (steps) => {
          const medians = new RunningMedians(3, 5);
          const history: number[][] = [[0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0]];
          const out = new Float32Array(3);
          for (const step of steps) {
            medians.push(Float32Array.from(step));
            history.push(step);
            medians.medians(out);
            const window = history.slice(-5);
            for (let i = 0; i < 3; i++) if (out[i] !== naiveMedian(window.map((w) => w[i]))) return false;
          }
          return true;
        },
      ),
      { numRuns: 300 },
    );
  });
});
