import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hermite } from "./interpolate.ts";
import { downsamplePeaks, PeakBuilder } from "./peaks.ts";
import { sniffFormat } from "./sniff.ts";

describe("PeakBuilder", () => {
  it("emits the largest magnitude over all channels per point, across push boundaries", () => {
    const peaks = new PeakBuilder(3);
    const first = peaks.push([new Float32Array([0.1, -0.5]), new Float32Array([0.2, 0])], 2);
    assert.deepEqual(first, []);
    const second = peaks.push([new Float32Array([0.25, 0, 0.75]), new Float32Array([0, 0, 0])], 3);
    assert.deepEqual(second, [0.5]);
    assert.deepEqual(peaks.flush(), [0.75]);
    assert.deepEqual(peaks.flush(), []);
  });

  it("downsamples by keeping each span's maximum", () => {
    assert.deepEqual(downsamplePeaks([0.1, 0.9, 0.2, 0.3], 2), [0.9, 0.3]);
    assert.deepEqual(downsamplePeaks([0.5], 3), [0.5, 0.5, 0.5]);
    assert.deepEqual(downsamplePeaks([], 3), []);
  });
});

describe("hermite", () => {
  it("returns the sample itself at t = 0 and reproduces straight lines", () => {
    assert.equal(hermite(0.3, 0.123456, -0.7, 0.2, 0), 0.123456);
    assert.ok(Math.abs(hermite(1, 2, 3, 4, 0.25) - 2.25) < 1e-12);
    assert.ok(Math.abs(hermite(0, 0, 1, 0, 0.5) - 0.5625) < 1e-12);
  });
});

describe("sniffFormat", () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  it("recognises each container and rejects others", () => {
    assert.equal(sniffFormat(bytes("RIFF\0\0\0\0WAVEfmt ")), "wav");
    assert.equal(sniffFormat(bytes("FORM\0\0\0\0AIFC")), "aiff");
    assert.equal(sniffFormat(bytes("fLaC\0")), "flac");
    assert.equal(sniffFormat(bytes("ID3\x04")), "mp3");
    assert.equal(sniffFormat(new Uint8Array([0xff, 0xfb, 0x90, 0x00])), "mp3");
    assert.equal(sniffFormat(new Uint8Array([0xff, 0xf1])), null);
    assert.equal(sniffFormat(bytes("OggS")), null);
    assert.equal(sniffFormat(new Uint8Array()), null);
  });
});
