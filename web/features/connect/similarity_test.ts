import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { DjProfile } from "./profile.ts";
import { similarity } from "./similarity.ts";

function profile(overrides: Partial<DjProfile> = {}): DjProfile {
  return {
    genres: [{ name: "Deep House", percent: 80 }, { name: "Disco", percent: 20 }],
    bpm: { low: 120, high: 126 },
    harmonicPercent: 80,
    typicalSetMinutes: 90,
    mostActive: { weekday: "Saturday", dayPart: "night" },
    experience: { sessions: 10, hours: 15, since: null },
    ...overrides,
  };
}

describe("DJ similarity", () => {
  it("says what two alike DJs share, in the words a DJ would use", () => {
    const result = similarity(profile(), profile({ bpm: { low: 122, high: 128 }, harmonicPercent: 75 }));
    assert.deepEqual(result.reasons, [
      "both play 122–126 BPM deep house on Saturday nights",
      "both mix harmonically (80 % and 75 % of blends)",
      "similar set length (90 and 90 minutes)",
    ]);
    assert.ok(result.score >= 80, String(result.score));
  });

  it("scores unlike DJs low, with no reasons", () => {
    const techno = profile({
      genres: [{ name: "Techno", percent: 100 }],
      bpm: { low: 132, high: 140 },
      harmonicPercent: 20,
      typicalSetMinutes: 300,
      mostActive: { weekday: "Tuesday", dayPart: "afternoon" },
    });
    const result = similarity(profile(), techno);
    assert.deepEqual(result.reasons, []);
    assert.ok(result.score < 20, String(result.score));
  });

  it("is symmetric in its score", () => {
    const a = profile();
    const b = profile({ bpm: { low: 124, high: 130 }, genres: [{ name: "Disco", percent: 100 }] });
    assert.equal(similarity(a, b).score, similarity(b, a).score);
  });
});
