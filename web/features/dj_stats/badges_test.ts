import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { BADGE_CATEGORIES, badgeProgress, BADGES, earnedBadges, isBadgeId } from "./badges.ts";
import type { DjTotals } from "./totals.ts";

const none: DjTotals = {
  playSeconds: 0,
  transitions: 0,
  sessions: 0,
  tracksPlayed: 0,
  longestStreakDays: 0,
  energyWh: 0,
};

describe("badges", () => {
  it("has the Badge Legend's icon per category: clock, arrows, star, music note, fire", () => {
    assert.deepEqual(BADGE_CATEGORIES.map((c) => c.iconName), [
      "clock",
      "arrows",
      "star",
      "music note",
      "fire",
    ]);
    assert.equal(new Set(BADGES.map((b) => b.id)).size, BADGES.length);
  });

  it("earns a tier exactly at its threshold", () => {
    const earned = earnedBadges({ ...none, playSeconds: 10 * 3600, sessions: 1, longestStreakDays: 2 });
    assert.deepEqual(earned.map((b) => b.id), ["playtime-1", "playtime-10", "sessions-1"]);
    assert.deepEqual(earnedBadges({ ...none, playSeconds: 10 * 3600 - 1 }).map((b) => b.id), ["playtime-1"]);
  });

  it("says how far the next badge of each category is", () => {
    const progress = badgeProgress({
      ...none,
      playSeconds: 5.5 * 3600,
      transitions: 40,
      longestStreakDays: 3,
    });
    assert.equal(progress[0].advice, "Play 4.5 more hours to earn Warming Up (10 hours).");
    assert.equal(progress[0].next?.percent, 55);
    assert.equal(progress[1].advice, "Mix 60 more transitions to earn Smooth Mixer (100 transitions).");
    assert.equal(progress[2].advice, "Play 1 more session to earn Debut (1 session).");
    assert.equal(progress[4].advice, "DJ on 4 more days in a row to earn Week Warrior (7 days in a row).");
  });

  it("says so when every tier is earned", () => {
    const [playtime] = badgeProgress({ ...none, playSeconds: 600 * 3600 });
    assert.equal(playtime.next, null);
    assert.equal(playtime.advice, "Every Playtime badge is yours.");
  });

  it("knows its badge ids", () => {
    assert.ok(isBadgeId("streaks-7"));
    assert.ok(!isBadgeId("streaks-8"));
  });
});
