import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { encodeUbjson, frameUbjson } from "../../../shared/ubjson/mod.ts";
import { type Frame, TcpFramer } from "./tcp_framer.ts";

const text = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

describe("TcpFramer", () => {
  it("splits NUL-terminated messages, several per chunk, and skips empty ones", () => {
    const frames = new TcpFramer().push(text("get /a\0\0set /b 1\0"));
    expect(frames).toEqual([{ kind: "text", text: "get /a" }, { kind: "text", text: "set /b 1" }]);
  });

  it("reads UBJS frames with and without trailer, between text messages", () => {
    const payload = encodeUbjson({ cmd: "get", url: "/ping" });
    const withTrailer = frameUbjson(payload);
    const withoutTrailer = withTrailer.subarray(0, withTrailer.length - 2);
    const frames = new TcpFramer().push(
      concat(withTrailer, text("get /x\0"), withoutTrailer, text("get /y\0")),
    );
    expect(frames.map((f) => f.kind)).toEqual(["ubjson", "text", "ubjson", "text"]);
    expect((frames[0] as { payload: Uint8Array }).payload).toEqual(payload);
  });

  it("gives the same messages however the stream is chunked (property)", () => {
    const stream = concat(
      text("get /a\0"),
      frameUbjson(encodeUbjson({ cmd: "get", url: "/b" })),
      text("set /c 1\0"),
    );
    const whole = new TcpFramer().push(stream);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 8 }),
        (cuts) => {
          const framer = new TcpFramer();
          const frames: Frame[] = [];
          let last = 0;
          for (const cut of [...cuts].sort((a, b) => a - b).concat(stream.length)) {
            frames.push(...framer.push(stream.slice(last, cut)));
            last = cut;
          }
          expect(frames).toEqual(whole);
        },
      ),
    );
  });

  it("fails once, without buffering, on an unterminated message over the limit", () => {
    const framer = new TcpFramer(1024);
    expect(framer.push(text("get /".padEnd(1000, "a")))).toEqual([]);
    expect(framer.push(text("a".repeat(100)))).toEqual([{
      kind: "fatal",
      error: "Message exceeds 1024 bytes.",
    }]);
    expect(framer.push(text("get /ok\0"))).toEqual([]);
  });

  it("fails on a UBJS length over the limit instead of waiting for it", () => {
    const header = new Uint8Array([0x55, 0x42, 0x4a, 0x53, 0xff, 0xff, 0xff, 0x7f]);
    expect(new TcpFramer().push(header)[0].kind).toBe("fatal");
  });

  it("never throws on arbitrary bytes (fuzz)", () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 6 }), (chunks) => {
        const framer = new TcpFramer(64);
        for (const chunk of chunks) framer.push(chunk);
      }),
      { numRuns: 3000 },
    );
  });
});
