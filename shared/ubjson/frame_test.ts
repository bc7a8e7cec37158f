import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { frameUbjson, readUbjsPayloadLength, startsWithUbjsMagic, ubjsFramePayload } from "./frame.ts";

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

  it("gives the payload of a whole frame, with or without trailer, and null for anything else", () => {
    const frame = frameUbjson(new Uint8Array([1, 2, 3]));
    assert.deepEqual(ubjsFramePayload(frame), new Uint8Array([1, 2, 3]));
    assert.deepEqual(ubjsFramePayload(frame.subarray(0, frame.length - 2)), new Uint8Array([1, 2, 3]));
    assert.equal(ubjsFramePayload(frame.subarray(0, 10)), null);
    assert.equal(ubjsFramePayload(new TextEncoder().encode("get /ping")), null);
  });
});
