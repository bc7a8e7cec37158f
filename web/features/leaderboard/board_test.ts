import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BADGES } from "../dj_stats/mod.ts";
import { highestPerCategory } from "./board.ts";

describe("highestPerCategory", () => {
  it("keeps one badge per category, the highest tier given", () => {
    const pick = (...ids: string[]) => BADGES.filter((b) => ids.includes(b.id));
    const kept = highestPerCategory(
      pick("playtime-1", "playtime-10", "sessions-1", "streaks-3", "streaks-7"),
    );
    assert.deepEqual(kept.map((b) => b.id).sort(), ["playtime-10", "sessions-1", "streaks-7"]);
  });

  it("falls back to a lower tier when the higher one is hidden (not given)", () => {
    const kept = highestPerCategory(BADGES.filter((b) => b.id === "playtime-1"));
    assert.deepEqual(kept.map((b) => b.id), ["playtime-1"]);
  });
});
