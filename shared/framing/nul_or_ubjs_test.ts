import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { encodeUbjson, frameUbjson } from "../ubjson/mod.ts";
import { createNulOrUbjsDecoder, type NulOrUbjsFrame } from "./nul_or_ubjs.ts";
import type { FrameResult } from "./types.ts";
import { concat } from "./testing/chunks.ts";

const text = (s: string) => new TextEncoder().encode(s);
const frames = (results: FrameResult<NulOrUbjsFrame>[]) => results.map((r) => r.ok ? r.frame : r.error);

describe("NUL-or-UBJS framing", () => {
  it("splits NUL-terminated messages, several per chunk, and skips empty ones", () => {
    const out = frames(createNulOrUbjsDecoder().push(text("get /a\0\0set /b 1\0")));
    assert.deepEqual(out, [{ kind: "text", text: "get /a" }, { kind: "text", text: "set /b 1" }]);
  });

  it("reads UBJS frames with and without trailer, between text messages", () => {
    const payload = encodeUbjson({ cmd: "get", url: "/ping" });
    const withTrailer = frameUbjson(payload);
    const withoutTrailer = withTrailer.subarray(0, withTrailer.length - 2);
    const out = frames(
      createNulOrUbjsDecoder().push(
        concat([withTrailer, text("get /x\0"), withoutTrailer, text("get /y\0")]),
      ),
    ) as NulOrUbjsFrame[];
    assert.deepEqual(out.map((f) => f.kind), ["ubjson", "text", "ubjson", "text"]);
    assert.deepEqual((out[0] as { payload: Uint8Array }).payload, payload);
  });

  it("gives the same messages however the stream is chunked (property)", () => {
    const stream = concat([
      text("get /a\0"),
      frameUbjson(encodeUbjson({ cmd: "get", url: "/b" })),
      text("set /c 1\0"),
      text("UBJ\0"),
    ]);
    const whole = createNulOrUbjsDecoder().push(stream);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const decoder = createNulOrUbjsDecoder();
          const out: FrameResult<NulOrUbjsFrame>[] = [];
          let last = 0;
          for (const cut of [...cuts].sort((a, b) => a - b).concat(stream.length)) {
            out.push(...decoder.push(stream.slice(last, cut)));
            last = cut;
          }
          assert.deepEqual(out, whole);
        },
      ),
    );
  });

  it("fails once, without buffering, on an unterminated message over the limit", () => {
    const decoder = createNulOrUbjsDecoder({ maxFrameSize: 1024 });
    assert.deepEqual(decoder.push(text("get /".padEnd(1000, "a"))), []);
    assert.deepEqual(frames(decoder.push(text("a".repeat(100)))), [{
      kind: "oversize",
      size: 1100,
      message: "Message exceeds 1024 bytes.",
    }]);
    assert.equal(decoder.buffered, 0);
    assert.deepEqual(decoder.push(text("get /ok\0")), []);
  });

  it("fails on a UBJS length over the limit instead of waiting for it", () => {
    const header = new Uint8Array([0x55, 0x42, 0x4a, 0x53, 0xff, 0xff, 0xff, 0x7f]);
    const [result] = createNulOrUbjsDecoder().push(header);
    assert.equal(!result.ok && result.error.kind, "oversize");
  });

  it("reads a large message arriving in many small reads without re-copying what is held", () => {
    const decoder = createNulOrUbjsDecoder();
    const piece = text("a".repeat(1000));
    for (let i = 0; i < 1000; i++) assert.deepEqual(decoder.push(piece), []);
    const [result] = decoder.push(text("\0"));
    assert.equal(result.ok && result.frame.kind === "text" && result.frame.text.length, 1_000_000);
  });

  it("never throws on arbitrary bytes and holds no more than the limit (fuzz)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), (chunks) => {
        const decoder = createNulOrUbjsDecoder({ maxFrameSize: 64 });
        for (const chunk of chunks) decoder.push(chunk);
        assert.ok(decoder.buffered <= 64 + 8);
      }),
      { numRuns: 3000 },
    );
  });
});
