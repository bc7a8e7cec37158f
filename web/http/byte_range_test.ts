import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseRange } from "./byte_range.ts";

describe("parseRange", () => {
  it("reads the three forms of one byte range", () => {
    assert.deepEqual(parseRange("bytes=0-1023", 5000), { kind: "range", range: { start: 0, end: 1023 } });
    assert.deepEqual(parseRange("bytes=100-", 5000), { kind: "range", range: { start: 100, end: 4999 } });
    assert.deepEqual(parseRange("bytes=-500", 5000), { kind: "range", range: { start: 4500, end: 4999 } });
    assert.deepEqual(parseRange("bytes=-9000", 5000), { kind: "range", range: { start: 0, end: 4999 } });
    assert.deepEqual(parseRange("bytes=4000-99999", 5000), {
      kind: "range",
      range: { start: 4000, end: 4999 },
    });
    assert.deepEqual(parseRange("bytes=0-99", 1000), { kind: "range", range: { start: 0, end: 99 } });
    assert.deepEqual(parseRange("bytes=900-", 1000), { kind: "range", range: { start: 900, end: 999 } });
    assert.deepEqual(parseRange("bytes=-100", 1000), { kind: "range", range: { start: 900, end: 999 } });
    assert.deepEqual(parseRange("bytes=990-5000", 1000), { kind: "range", range: { start: 990, end: 999 } });
    assert.deepEqual(parseRange("bytes=-5000", 1000), { kind: "range", range: { start: 0, end: 999 } });
    assert.deepEqual(parseRange(" bytes= 5-9 ", 1000), { kind: "range", range: { start: 5, end: 9 } });
  });

  it("marks ranges outside the file unsatisfiable", () => {
    for (const header of ["bytes=5000-", "bytes=10-5", "bytes=-0"]) {
      assert.deepEqual(parseRange(header, 5000), { kind: "unsatisfiable" }, header);
    }
    assert.deepEqual(parseRange("bytes=1000-", 1000), { kind: "unsatisfiable" });
    assert.deepEqual(parseRange("bytes=5-4", 1000), { kind: "unsatisfiable" });
    assert.deepEqual(parseRange("bytes=-0", 1000), { kind: "unsatisfiable" });
    assert.deepEqual(parseRange("bytes=0-", 0), { kind: "unsatisfiable" });
  });

  it("answers the whole file for no header, other units, several ranges and garbage", () => {
    for (
      const header of [
        undefined,
        "",
        "items=0-5",
        "bytes=0-5,10-20",
        "bytes=-",
        "bytes=a-b",
        `bytes=0-${"9".repeat(200)}`,
      ]
    ) {
      assert.deepEqual(parseRange(header, 5000), { kind: "whole" }, String(header));
    }
  });
});
