import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { computeDjProfile, dayPartOf, describeMostActive, type ProfilePlay } from "./profile.ts";

/** Saturday 2026-11-28 23:00 UTC plus `minutes`. */
const saturdayNight = (minutes: number) => new Date(Date.UTC(2026, 10, 28, 23, minutes));

function play(minute: number, bpm: number | null, genre: string | null, playedSec = 300): ProfilePlay {
  return { startedAt: saturdayNight(minute), playedSec, bpm, genre };
}

describe("DJ profile", () => {
  it("is null without time on air", () => {
    assert.equal(computeDjProfile({ plays: [], sessions: [], transitions: [] }), null);
    assert.equal(
      computeDjProfile({ plays: [play(0, 124, "House", 0)], sessions: [], transitions: [] }),
      null,
    );
  });

  it("computes genres, BPM range, harmonic share, set length, time of day and experience", () => {
    const plays = [
      ...Array.from({ length: 8 }, (_, i) => play(i * 5, 122 + (i % 5), "Deep House")),
      play(40, 140, "Techno", 60),
      play(45, 90, "Hip Hop", 60),
    ];
    const profile = computeDjProfile({
      plays,
      sessions: [
        { startedAt: saturdayNight(0), endedAt: saturdayNight(90) },
        { startedAt: saturdayNight(-7 * 24 * 60), endedAt: saturdayNight(-7 * 24 * 60 + 60) },
        { startedAt: saturdayNight(-14 * 24 * 60), endedAt: saturdayNight(-14 * 24 * 60 + 120) },
        { startedAt: saturdayNight(200), endedAt: null },
      ],
      transitions: [
        { camelotRelation: "same" },
        { camelotRelation: "adjacent" },
        { camelotRelation: "relative" },
        { camelotRelation: "clash" },
        { camelotRelation: "unknown" },
      ],
    });
    assert.ok(profile);
    assert.deepEqual(profile.genres.map((g) => g.name), ["Deep House", "Hip Hop", "Techno"]);
    assert.equal(profile.genres[0].percent, 95);
    assert.deepEqual(profile.bpm, { low: 122, high: 126 }, "the short 90 and 140 BPM plays fall outside");
    assert.equal(profile.harmonicPercent, 75, "unknown relations do not count");
    assert.equal(profile.typicalSetMinutes, 90, "the open session does not count");
    assert.deepEqual(profile.mostActive, { weekday: "Saturday", dayPart: "night" });
    assert.equal(profile.experience.sessions, 4);
    assert.equal(profile.experience.hours, 0.7);
    assert.deepEqual(profile.experience.since, saturdayNight(-14 * 24 * 60));
  });

  it("counts the small hours as the night before", () => {
    assert.deepEqual(dayPartOf(new Date("2026-11-29T02:00:00Z")), { weekday: "Saturday", dayPart: "night" });
    assert.deepEqual(dayPartOf(new Date("2026-11-29T15:00:00Z")), {
      weekday: "Sunday",
      dayPart: "afternoon",
    });
    assert.equal(describeMostActive({ weekday: "Saturday", dayPart: "night" }), "Saturday nights");
  });
});
