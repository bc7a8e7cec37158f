import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createLengthPrefixDecoder, encodeLengthPrefixed } from "./length_prefix.ts";
import { concat, splitAt } from "./testing/chunks.ts";

const frames = fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 20 });

describe("length-prefixed framing", () => {
  it("round-trips any frames under any re-chunking", () => {
    fc.assert(
      fc.property(frames, fc.array(fc.nat(), { maxLength: 30 }), (payloads, cuts) => {
        const stream = concat(payloads.map((p) => encodeLengthPrefixed(p)));
        const decoder = createLengthPrefixDecoder();
        const out = splitAt(stream, cuts).flatMap((chunk) => decoder.push(chunk));
        assert.deepEqual(out, payloads.map((frame) => ({ ok: true, frame })));
        assert.equal(decoder.buffered, 0);
      }),
    );
  });

  it("reports an oversize frame once and keeps the frames around it", () => {
    fc.assert(
      fc.property(frames, frames, fc.array(fc.nat(), { maxLength: 30 }), (before, after, cuts) => {
        const max = 300;
        const big = new Uint8Array(max + 1).fill(7);
        const oversize = new Uint8Array(4 + big.length);
        new DataView(oversize.buffer).setUint32(0, big.length);
        oversize.set(big, 4);
        const stream = concat([
          ...before.map((p) => encodeLengthPrefixed(p)),
          oversize,
          ...after.map((p) => encodeLengthPrefixed(p)),
        ]);
        const decoder = createLengthPrefixDecoder({ maxFrameSize: max });
        const out = splitAt(stream, cuts).flatMap((chunk) => decoder.push(chunk));
        const errors = out.filter((r) => !r.ok);
        assert.equal(errors.length, 1);
        assert.equal(!errors[0].ok && errors[0].error.kind, "oversize");
        assert.deepEqual(out.filter((r) => r.ok).map((r) => r.ok && r.frame), [...before, ...after]);
      }),
    );
  });

  it("never throws on random bytes and keeps memory bounded by the frame limit", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 20 }), (chunks) => {
        const decoder = createLengthPrefixDecoder({ maxFrameSize: 64 });
        for (const chunk of chunks) decoder.push(chunk);
        assert.ok(decoder.buffered <= 64 + 4);
      }),
    );
  });

  it("refuses to encode a frame over the limit", () => {
    assert.throws(() => encodeLengthPrefixed(new Uint8Array(11), 10), RangeError);
  });
});
