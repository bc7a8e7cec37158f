import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseRange } from "./range.ts";

describe("Range header", () => {
  it("reads the three forms of one byte range", () => {
    assert.deepEqual(parseRange("bytes=0-99", 1000), { kind: "range", range: { start: 0, end: 99 } });
    assert.deepEqual(parseRange("bytes=900-", 1000), { kind: "range", range: { start: 900, end: 999 } });
    assert.deepEqual(parseRange("bytes=-100", 1000), { kind: "range", range: { start: 900, end: 999 } });
    assert.deepEqual(parseRange("bytes=990-5000", 1000), { kind: "range", range: { start: 990, end: 999 } });
    assert.deepEqual(parseRange("bytes=-5000", 1000), { kind: "range", range: { start: 0, end: 999 } });
  });

  it("answers the whole body for no header, several ranges or another unit", () => {
    for (const header of [undefined, "bytes=0-1,5-6", "items=0-1", "bytes=-", "bytes=a-b"]) {
      assert.deepEqual(parseRange(header, 1000), { kind: "whole" }, String(header));
    }
  });

  it("refuses ranges past the end", () => {
    assert.deepEqual(parseRange("bytes=1000-", 1000), { kind: "unsatisfiable" });
    assert.deepEqual(parseRange("bytes=5-4", 1000), { kind: "unsatisfiable" });
    assert.deepEqual(parseRange("bytes=-0", 1000), { kind: "unsatisfiable" });
  });
});
