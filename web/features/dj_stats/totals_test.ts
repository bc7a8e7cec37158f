import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { longestStreak, totalsOf } from "./totals.ts";

const day = (d: string, sessions = 1, playSeconds = 3600) => ({
  day: d,
  sessions,
  plays: 10,
  playSeconds,
  transitions: 9,
  energyWh: 100,
});

describe("longestStreak", () => {
  it("counts consecutive UTC days, across a month end, ignoring duplicates and order", () => {
    assert.equal(longestStreak(["2026-12-01", "2026-11-29", "2026-11-30", "2026-11-30", "2026-11-27"]), 3);
  });

  it("is 0 without days and 1 for isolated days", () => {
    assert.equal(longestStreak([]), 0);
    assert.equal(longestStreak(["2026-01-01", "2026-01-03"]), 1);
  });
});

describe("totalsOf", () => {
  it("adds up every day, or only the days from `since`", () => {
    const days = [day("2026-11-20"), day("2026-11-28"), day("2026-11-29", 2, 1800)];
    assert.deepEqual(totalsOf(days), {
      playSeconds: 9000,
      transitions: 27,
      sessions: 4,
      tracksPlayed: 30,
      longestStreakDays: 2,
      energyWh: 300,
    });
    assert.equal(totalsOf(days, "2026-11-29").sessions, 2);
  });

  it("does not count a day without sessions or plays towards a streak", () => {
    const idle = { ...day("2026-11-21", 0), plays: 0 };
    assert.equal(totalsOf([day("2026-11-20"), idle, day("2026-11-22")]).longestStreakDays, 1);
  });
});
