import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { frameUbjson, readUbjsPayloadLength, startsWithUbjsMagic } from "./frame.ts";

describe("UBJS frames", () => {
  it("wraps a payload in magic, little-endian length and a two-NUL trailer", () => {
    const frame = frameUbjson(new Uint8Array([0x54, 0x46, 0x5a]));
    assert.deepEqual([...frame], [0x55, 0x42, 0x4a, 0x53, 3, 0, 0, 0, 0x54, 0x46, 0x5a, 0, 0]);
    assert.ok(startsWithUbjsMagic(frame));
    assert.equal(readUbjsPayloadLength(frame), 3);
  });

  it("reports an incomplete header as unknown", () => {
    assert.equal(readUbjsPayloadLength(new Uint8Array([0x55, 0x42, 0x4a, 0x53, 1])), null);
    assert.equal(startsWithUbjsMagic(new Uint8Array([0x55, 0x42])), false);
  });
});
