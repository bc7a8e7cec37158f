import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { rankByValue } from "./ranking.ts";

describe("rankByValue", () => {
  it("gives equal values the same rank and skips the ranks they share (1, 2, 2, 4)", () => {
    const ranked = rankByValue(
      [{ n: "D", v: 1 }, { n: "B", v: 5 }, { n: "A", v: 9 }, { n: "C", v: 5 }],
      (e) => e.v,
      (e) => e.n,
    );
    assert.deepEqual(ranked.map((r) => [r.rank, r.entry.n]), [[1, "A"], [2, "B"], [2, "C"], [4, "D"]]);
  });

  it("ranks everyone first when all are equal", () => {
    const ranked = rankByValue([{ v: 3 }, { v: 3 }, { v: 3 }], (e) => e.v, () => "x");
    assert.deepEqual(ranked.map((r) => r.rank), [1, 1, 1]);
  });
});
