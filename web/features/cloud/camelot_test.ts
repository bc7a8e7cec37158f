import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { CAMELOT_CODES, camelotNeighbours } from "./camelot.ts";

describe("camelotNeighbours", () => {
  it("gives the key, one step either way and the relative key, wrapping around the wheel", () => {
    assert.deepEqual(camelotNeighbours("8A"), ["8A", "7A", "9A", "8B"]);
    assert.deepEqual(camelotNeighbours("1b"), ["1B", "12B", "2B", "1A"]);
    assert.deepEqual(camelotNeighbours("12B"), ["12B", "11B", "1B", "12A"]);
  });

  it("answers every code with four distinct codes and refuses anything else", () => {
    for (const code of CAMELOT_CODES) assert.equal(new Set(camelotNeighbours(code)).size, 4);
    for (const bad of ["", "0A", "13A", "8C", "A8", "8AA"]) assert.deepEqual(camelotNeighbours(bad), []);
  });
});
