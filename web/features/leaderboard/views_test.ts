import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SHOWN_PLACES, shownEntries } from "./views.tsx";

describe("shownEntries", () => {
  const entry = (n: number, value: number) => ({
    rank: n,
    userId: `u${n}`,
    displayName: `DJ ${n}`,
    value,
    badges: [],
  });
  const board = {
    category: "tracks" as const,
    period: "all" as const,
    hasRealData: true,
    entries: Array.from({ length: 150 }, (_, i) => entry(i + 1, 500 - i)),
  };

  it("lists the first 100 places and adds the viewer's own row when it comes later", () => {
    assert.equal(shownEntries(board, "u3").length, SHOWN_PLACES);
    const shown = shownEntries(board, "u140");
    assert.equal(shown.length, SHOWN_PLACES + 1);
    assert.equal(shown.at(-1)?.rank, 140);
  });
});
