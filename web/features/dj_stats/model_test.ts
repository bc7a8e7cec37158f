import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { demoHistory } from "./demo.ts";
import { historyFromRecords } from "./aggregate.ts";
import type { PlayRecord } from "./history.ts";
import { computeDjStats } from "./model.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

function play(id: string, startedAt: string, changes: Partial<PlayRecord> = {}): PlayRecord {
  return {
    id,
    sessionId: "dev/s1",
    deck: 0,
    startedAt: new Date(startedAt),
    endedAt: new Date(Date.parse(startedAt) + 300_000),
    playedSec: 300,
    bpm: 124,
    key: "8A",
    genre: "House",
    title: "Night Drive",
    artist: "Test Artist",
    durationSec: 320,
    ...changes,
  };
}

/** Saturday 2026-11-28, 23:00 UTC: two plays and the blend between them. */
const history = historyFromRecords({
  sessions: [{
    id: "dev/s1",
    deviceId: "dev",
    localId: "s1",
    startedAt: new Date("2026-11-28T23:00:00Z"),
    endedAt: new Date("2026-11-28T23:10:00Z"),
  }],
  plays: [
    play("dev/p1", "2026-11-28T23:00:00Z"),
    play("dev/p2", "2026-11-28T23:04:30Z", { deck: 1, bpm: 128, key: "9A", genre: "Techno", title: "Tide" }),
  ],
  transitions: [{
    id: "t1",
    sessionId: "dev/s1",
    at: new Date("2026-11-28T23:04:30Z"),
    fromPlayId: "dev/p1",
    toPlayId: "dev/p2",
    tempoDeltaPct: 3.2,
    camelotRelation: "adjacent",
    overlapBeats: 32,
    phraseAligned: true,
  }],
  days: [{ day: "2026-11-28", sessions: 1, plays: 2, playSeconds: 600, transitions: 1, energyWh: 150_000 }],
  newestBatchAt: new Date("2026-11-28T23:11:00Z"),
}, NOW);

describe("computeDjStats", () => {
  const stats = computeDjStats(history, NOW);

  it("analyses the transition: harmonic, its tempo bucket, overlap and both tracks", () => {
    assert.equal(stats.transitions.count, 1);
    assert.equal(stats.transitions.harmonicPct, 100);
    assert.deepEqual(stats.transitions.buckets, { seamless: 0, normal: 1, hard: 0 });
    assert.equal(stats.transitions.averageOverlapBeats, 32);
    assert.equal(stats.transitions.best[0].from?.title, "Night Drive");
    assert.equal(stats.transitions.best[0].to?.title, "Tide");
  });

  it("finds when the DJ plays: Saturday 11PM (UTC)", () => {
    assert.deepEqual(stats.whenYouDj.mostActive, { weekday: "Saturday", hour: 23 });
  });

  it("has genres, BPM range, energy and trees, and the week's numbers", () => {
    assert.deepEqual(stats.topGenres.map((g) => [g.genre, g.percent]), [["House", 50], ["Techno", 50]]);
    assert.deepEqual([stats.bpm?.min, stats.bpm?.max, stats.bpm?.average], [124, 128, 126]);
    assert.equal(stats.power.kwh, 150);
    assert.equal(stats.power.trees, 1);
    assert.equal(stats.week.sessions, 1);
    assert.equal(stats.week.tracksPlayed, 2);
    assert.equal(stats.week.busiestDay, "Saturday");
  });

  it("puts the session day into the 12-week heatmap, Monday-first", () => {
    assert.equal(stats.heatmap.length, 12);
    const cell = stats.heatmap.flat().find((c) => c.day === "2026-11-28");
    assert.equal(cell?.minutes, 10);
    assert.equal(stats.heatmap[11][0].day, "2026-11-30");
  });

  it("keeps personal records and the session list", () => {
    assert.equal(stats.records.longestSession?.minutes, 10);
    assert.equal(stats.records.mostTracksInSession?.tracks, 2);
    assert.equal(stats.sessions[0].localId, "s1");
    assert.deepEqual(stats.achievements.map((b) => b.id), ["transitions-1", "sessions-1"]);
  });
});

describe("demoHistory", () => {
  it("is the same all day and changes only with the day", () => {
    const morning = computeDjStats(demoHistory(new Date("2026-12-01T06:00:00Z")), NOW);
    const evening = computeDjStats(demoHistory(new Date("2026-12-01T21:00:00Z")), NOW);
    assert.deepEqual(morning.totals, evening.totals);
    assert.ok(morning.totals.sessions > 10);
    assert.ok(morning.transitions.count > 100);
  });
});
