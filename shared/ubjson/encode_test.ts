import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { encodeUbjson } from "./encode.ts";

const bytes = (...values: (number | string)[]) =>
  new Uint8Array(values.flatMap((v) => typeof v === "string" ? [...v].map((c) => c.charCodeAt(0)) : [v]));

describe("encodeUbjson (UA dialect)", () => {
  it("writes scalars with their markers", () => {
    assert.deepEqual(encodeUbjson(null), bytes("Z"));
    assert.deepEqual(encodeUbjson(true), bytes("T"));
    assert.deepEqual(encodeUbjson(false), bytes("F"));
    assert.deepEqual(encodeUbjson(-5), bytes("i", 0xfb));
    assert.deepEqual(encodeUbjson(200), bytes("U", 200));
  });

  it("writes multi-byte integers little-endian", () => {
    assert.deepEqual(encodeUbjson(0x1234), bytes("I", 0x34, 0x12));
    assert.deepEqual(encodeUbjson(48000), bytes("l", 0x80, 0xbb, 0x00, 0x00));
    assert.deepEqual(encodeUbjson(2 ** 40), bytes("L", 0, 0, 0, 0, 0, 1, 0, 0));
  });

  it("writes float64 big-endian", () => {
    assert.deepEqual(encodeUbjson(1.5), bytes("D", 0x3f, 0xf8, 0, 0, 0, 0, 0, 0));
  });

  it("writes object keys without the S marker and counts containers", () => {
    assert.deepEqual(
      encodeUbjson({ a: "x", b: [1] }),
      bytes("{", "#", "i", 2, "i", 1, "a", "S", "i", 1, "x", "i", 1, "b", "[", "#", "i", 1, "i", 1),
    );
  });

  it("encodes non-finite numbers as null, never as a number", () => {
    assert.deepEqual(encodeUbjson(NaN), bytes("Z"));
    assert.deepEqual(encodeUbjson(-Infinity), bytes("Z"));
  });

  it("refuses cyclic values instead of overflowing the stack", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    assert.throws(() => encodeUbjson(cyclic), RangeError);
  });
});
