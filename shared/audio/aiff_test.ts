import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseAiff, readExtended80 } from "./aiff.ts";
import { bytesSource } from "./byte_source.ts";
import { decodePcmFrames } from "./pcm_decode.ts";
import { AudioParseError, bytesPerFrame } from "./pcm_layout.ts";
import { encodeAiff, testSignal16 } from "./testing/fixtures.ts";

function decodeAll(file: Uint8Array): Float32Array[] {
  const layout = parseAiff(bytesSource(file));
  const out = Array.from({ length: layout.channels }, () => new Float32Array(layout.frames));
  decodePcmFrames(file.subarray(layout.dataOffset), layout, layout.frames, out);
  return out;
}

describe("parseAiff", () => {
  it("reads big-endian AIFF and AIFF-C sowt with the same samples", () => {
    const left = testSignal16(500, 3);
    const right = testSignal16(500, 4);
    for (const littleEndian of [false, true]) {
      const file = encodeAiff({ sampleRate: 44100, channels: [left, right], bits: 16, littleEndian });
      const layout = parseAiff(bytesSource(file));
      assert.equal(layout.sampleRate, 44100);
      assert.equal(layout.frames, 500);
      assert.equal(layout.littleEndian, littleEndian);
      const [l, r] = decodeAll(file);
      assert.deepEqual(Array.from(l, (x) => x * 32768), Array.from(left));
      assert.deepEqual(Array.from(r, (x) => x * 32768), Array.from(right));
    }
  });

  it("decodes signed 8-bit and 24-bit big-endian samples", () => {
    assert.deepEqual(
      Array.from(decodeAll(encodeAiff({ sampleRate: 48000, channels: [[-128, 64]], bits: 8 }))[0]),
      [-1, 0.5],
    );
    assert.deepEqual(
      Array.from(decodeAll(encodeAiff({ sampleRate: 48000, channels: [[-8388608, 4194304]], bits: 24 }))[0]),
      [-1, 0.5],
    );
  });

  it("reads the 80-bit extended sample rate", () => {
    for (const rate of [8000, 22050, 44100, 48000, 96000, 192000]) {
      const file = encodeAiff({ sampleRate: rate, channels: [[0]], bits: 16 });
      assert.equal(readExtended80(file, 28), rate);
    }
  });

  it("rejects unknown compression and missing chunks", () => {
    const file = encodeAiff({ sampleRate: 44100, channels: [[1]], bits: 16, littleEndian: true });
    file.set(new TextEncoder().encode("ulaw"), 38);
    assert.throws(() => parseAiff(bytesSource(file)), /unsupported compression "ulaw"/);
    assert.throws(
      () => parseAiff(bytesSource(new TextEncoder().encode("FORM\0\0\0\x04AIFF"))),
      /no COMM chunk/,
    );
  });

  it("never throws anything but AudioParseError on garbage or mutated headers", () => {
    const valid = encodeAiff({ sampleRate: 44100, channels: [[1, 2], [3, 4]], bits: 16 });
    const checkOnlyTypedErrors = (bytes: Uint8Array) => {
      try {
        const layout = parseAiff(bytesSource(bytes));
        assert.ok(layout.dataOffset + layout.frames * bytesPerFrame(layout) <= bytes.length);
      } catch (error) {
        if (!(error instanceof AudioParseError)) throw error;
      }
    };
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), checkOnlyTypedErrors), { numRuns: 500 });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(valid.length - 1), fc.nat(255)), { maxLength: 8 }), (edits) => {
        const mutated = valid.slice();
        for (const [at, value] of edits) mutated[at] = value;
        checkOnlyTypedErrors(mutated);
      }),
      { numRuns: 1000 },
    );
  });
});
