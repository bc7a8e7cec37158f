import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { createDelimitedDecoder, type Delimiter, encodeDelimited } from "./delimited.ts";
import type { FrameResult } from "./types.ts";
import { concat, splitAt } from "./testing/chunks.ts";

const encoder = new TextEncoder();
const textWithout = (forbidden: string) =>
  fc.string({ unit: "grapheme", maxLength: 40 }).filter((s) => !s.includes(forbidden) && !s.includes("\r"));

for (const [delimiter, char] of [["nul", "\0"], ["newline", "\n"]] as [Delimiter, string][]) {
  describe(`${delimiter}-terminated framing`, () => {
    it("round-trips any texts under any re-chunking", () => {
      fc.assert(
        fc.property(
          fc.array(textWithout(char), { maxLength: 20 }),
          fc.array(fc.nat(), { maxLength: 30 }),
          (texts, cuts) => {
            const stream = concat(texts.map((t) => encodeDelimited(t, delimiter)));
            const decoder = createDelimitedDecoder({ delimiter });
            const out = splitAt(stream, cuts).flatMap((chunk) => decoder.push(chunk));
            assert.deepEqual(out, texts.map((frame) => ({ ok: true, frame })));
          },
        ),
      );
    });

    it("skips an oversize frame, reports it once, keeps its neighbours", () => {
      fc.assert(
        fc.property(
          fc.array(fc.string({ maxLength: 10 }).filter((s) => !s.includes(char) && !s.includes("\r")), {
            maxLength: 5,
          }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (texts, cuts) => {
            const long = "x".repeat(50);
            const stream = encoder.encode([...texts, long, ...texts].map((t) => t + char).join(""));
            const decoder = createDelimitedDecoder({ delimiter, maxFrameSize: 40 });
            const out = splitAt(stream, cuts).flatMap((chunk) => decoder.push(chunk));
            assert.deepEqual(out.filter((r) => !r.ok).map((r) => !r.ok && r.error.kind), ["oversize"]);
            assert.deepEqual(out.filter((r) => r.ok).map((r) => r.ok && r.frame), [...texts, ...texts]);
            assert.ok(decoder.buffered <= 41);
          },
        ),
      );
    });

    it("reports invalid UTF-8 as garbage and never throws on random bytes", () => {
      const decoder = createDelimitedDecoder({ delimiter });
      const out = decoder.push(new Uint8Array([0xff, 0xfe, char.charCodeAt(0), 0x41, char.charCodeAt(0)]));
      assert.deepEqual(out.map((r) => r.ok ? r.frame : r.error.kind), ["garbage", "A"]);
      fc.assert(
        fc.property(fc.array(fc.uint8Array({ maxLength: 100 }), { maxLength: 20 }), (chunks) => {
          const fuzzed = createDelimitedDecoder({ delimiter, maxFrameSize: 32 });
          for (const chunk of chunks) fuzzed.push(chunk);
          assert.ok(fuzzed.buffered <= 33);
        }),
      );
    });
  });
}

describe("newline framing", () => {
  const lines = (results: FrameResult<string>[]) =>
    results.map((r) => r.ok ? { line: r.frame } : r.error.kind);

  it("joins lines split across reads, also inside a multi-byte character, and drops CR", () => {
    const decoder = createDelimitedDecoder({ delimiter: "newline", maxFrameSize: 100 });
    const all = encoder.encode('ping\r\nload_track 0 "/m/Ü.wav"\n');
    const split = all.indexOf(0xc3) + 1; // between the two bytes of Ü
    assert.deepEqual(lines(decoder.push(all.subarray(0, split))), [{ line: "ping" }]);
    assert.deepEqual(lines(decoder.push(all.subarray(split))), [{ line: 'load_track 0 "/m/Ü.wav"' }]);
  });

  it("reports an overlong line once, as soon as it crosses the limit, skips it up to its newline and recovers", () => {
    const decoder = createDelimitedDecoder({ delimiter: "newline", maxFrameSize: 8 });
    assert.deepEqual(lines(decoder.push(encoder.encode("123456"))), []);
    assert.deepEqual(lines(decoder.push(encoder.encode("789"))), ["oversize"]);
    assert.deepEqual(lines(decoder.push(encoder.encode("x".repeat(100_000)))), []);
    assert.equal(decoder.buffered, 0);
    assert.deepEqual(lines(decoder.push(encoder.encode("y\nping\n"))), [{ line: "ping" }]);
    assert.deepEqual(lines(decoder.push(encoder.encode("12345678\n"))), [{ line: "12345678" }]);
  });

  it("accepts CRLF line ends", () => {
    const decoder = createDelimitedDecoder({ delimiter: "newline" });
    assert.deepEqual(decoder.push(encoder.encode("play 0\r\npause 1\n")).map((r) => r.ok && r.frame), [
      "play 0",
      "pause 1",
    ]);
  });

  it("refuses to encode text containing the terminator", () => {
    assert.throws(() => encodeDelimited("a\nb", "newline"), RangeError);
  });
});
