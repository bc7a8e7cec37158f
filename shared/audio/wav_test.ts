import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { bytesSource } from "./byte_source.ts";
import { decodePcmFrames } from "./pcm_decode.ts";
import { AudioParseError, bytesPerFrame } from "./pcm_layout.ts";
import { encodeWav, testSignal16 } from "./testing/fixtures.ts";
import { parseWav } from "./wav.ts";

function decodeAll(file: Uint8Array): Float32Array[] {
  const layout = parseWav(bytesSource(file));
  const out = Array.from({ length: layout.channels }, () => new Float32Array(layout.frames));
  const data = file.subarray(layout.dataOffset, layout.dataOffset + layout.frames * bytesPerFrame(layout));
  decodePcmFrames(data, layout, layout.frames, out);
  return out;
}

describe("parseWav", () => {
  it("reads a 16-bit stereo header past an unrelated chunk and decodes bit-exactly", () => {
    const left = testSignal16(1000, 1);
    const right = testSignal16(1000, 2);
    const file = encodeWav({ sampleRate: 48000, channels: [left, right], bits: 16 });
    const layout = parseWav(bytesSource(file));
    assert.equal(layout.channels, 2);
    assert.equal(layout.sampleRate, 48000);
    assert.equal(layout.frames, 1000);
    const [l, r] = decodeAll(file);
    assert.deepEqual(Array.from(l, (x) => x * 32768), Array.from(left));
    assert.deepEqual(Array.from(r, (x) => x * 32768), Array.from(right));
  });

  it("decodes 8-bit unsigned, 24-bit, 32-bit and float samples to -1..1", () => {
    const cases = [
      { bits: 8 as const, values: [-128, 0, 127], scale: 128 },
      { bits: 24 as const, values: [-8388608, -1, 8388607], scale: 8388608 },
      { bits: 32 as const, values: [-2147483648, 5, 2147483647], scale: 2147483648 },
    ];
    for (const { bits, values, scale } of cases) {
      const [mono] = decodeAll(encodeWav({ sampleRate: 44100, channels: [values], bits }));
      assert.deepEqual(Array.from(mono), values.map((v) => Math.fround(v / scale)), `${bits}-bit`);
    }
    const [float] = decodeAll(
      encodeWav({ sampleRate: 44100, channels: [[0.5, -0.25]], bits: 32, float: true }),
    );
    assert.deepEqual(Array.from(float), [0.5, -0.25]);
  });

  it("counts only the frames present when the data chunk is truncated", () => {
    const file = encodeWav({ sampleRate: 44100, channels: [testSignal16(100)], bits: 16 });
    assert.equal(parseWav(bytesSource(file.subarray(0, file.length - 11))).frames, 94);
  });

  it("rejects unsupported formats with a message naming the value", () => {
    const file = encodeWav({ sampleRate: 44100, channels: [[1, 2]], bits: 16 });
    const view = new DataView(file.buffer);
    view.setUint16(20, 2, true);
    assert.throws(() => parseWav(bytesSource(file)), /unsupported format tag 2/);
    view.setUint16(20, 1, true);
    view.setUint32(24, 1000, true);
    assert.throws(() => parseWav(bytesSource(file)), /unsupported sample rate 1000/);
    assert.throws(() => parseWav(bytesSource(new TextEncoder().encode("RIFF....WAVE"))), /no fmt chunk/);
    assert.throws(() => parseWav(bytesSource(new Uint8Array(3))), AudioParseError);
  });

  it("never throws anything but AudioParseError on garbage or mutated headers", () => {
    const valid = encodeWav({ sampleRate: 44100, channels: [[1, 2, 3], [4, 5, 6]], bits: 16 });
    const checkOnlyTypedErrors = (bytes: Uint8Array) => {
      try {
        const layout = parseWav(bytesSource(bytes));
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
