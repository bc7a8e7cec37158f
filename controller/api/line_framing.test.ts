import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import { createLineFramer, type LineFrame } from "./line_framing.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("createLineFramer", () => {
  it("joins lines split across reads, also inside a multi-byte character, and drops CR", () => {
    const framer = createLineFramer(100);
    const all = bytes('ping\r\nload_track 0 "/m/Ü.wav"\n');
    const split = all.indexOf(0xc3) + 1; // between the two bytes of Ü
    expect(framer.push(all.subarray(0, split))).toEqual([{ line: "ping" }]);
    expect(framer.push(all.subarray(split))).toEqual([{ line: 'load_track 0 "/m/Ü.wav"' }]);
  });

  it("reports an overlong line once, skips it up to its newline and recovers", () => {
    const framer = createLineFramer(8);
    expect(framer.push(bytes("123456"))).toEqual([]);
    expect(framer.push(bytes("789"))).toEqual([{ overflow: true }]);
    expect(framer.push(bytes("x".repeat(100_000)))).toEqual([]);
    expect(framer.push(bytes("y\nping\n"))).toEqual([{ line: "ping" }]);
    expect(framer.push(bytes("12345678\n"))).toEqual([{ line: "12345678" }]);
  });

  it("gives the same lines however the stream is cut (fuzz)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 30 }).map((s) => s.replaceAll("\n", "").replaceAll("\r", "")), {
          maxLength: 20,
        }),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, cuts) => {
          const stream = bytes(lines.map((l) => l + "\n").join(""));
          const points = [...new Set(cuts.map((c) => c % (stream.length + 1)))].sort((a, b) => a - b);
          const framer = createLineFramer(1000);
          const frames: LineFrame[] = [];
          let from = 0;
          for (const point of [...points, stream.length]) {
            frames.push(...framer.push(stream.subarray(from, point)));
            from = point;
          }
          expect(frames).toEqual(lines.map((line) => ({ line })));
        },
      ),
      { numRuns: 500 },
    );
  });
});
