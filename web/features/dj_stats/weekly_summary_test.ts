import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { WeekNumbers } from "./model.ts";
import { weeklySummary } from "./weekly_summary.ts";

const week: WeekNumbers = {
  sessions: 2,
  hours: 5.5,
  tracksPlayed: 80,
  transitions: 78,
  harmonicPct: 81,
  topGenre: "House",
  averageBpm: 124,
  previousHours: 4,
  busiestDay: "Saturday",
};

describe("weeklySummary", () => {
  it("writes the week's numbers, the comparison and a remark on harmonic mixing", () => {
    assert.equal(
      weeklySummary(week),
      "This week you played 2 sessions, 5.5 hours and 80 tracks, mostly House at around 124 BPM. " +
        "That is 38% more than the week before. Saturday was your busiest day. You mixed 78 transitions. " +
        "81% of your transitions were harmonic: your key game is strong.",
    );
  });

  it("suggests neighbouring keys when few mixes were harmonic, and says less when the week was quieter", () => {
    const text = weeklySummary({ ...week, sessions: 1, hours: 2, harmonicPct: 20, previousHours: 4 });
    assert.match(text, /^This week you played 1 session, 2 hours/);
    assert.match(text, /50% less than the week before/);
    assert.match(
      text,
      /Only 20% of your transitions were harmonic; try mixing into neighbouring Camelot keys\./,
    );
  });

  it("has a line for a week off and one for no history at all", () => {
    const off = { ...week, sessions: 0, tracksPlayed: 0, hours: 0, transitions: 0 };
    assert.equal(
      weeklySummary(off),
      "You took this week off after 4 hours the week before. Your decks are waiting!",
    );
    assert.match(weeklySummary({ ...off, previousHours: 0 }), /^No sessions this week yet\./);
  });
});
