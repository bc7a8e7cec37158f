import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TelemetryEvent } from "../../../shared/telemetry/mod.ts";
import {
  SAMPLE_OUTGOING_PLAY_ID,
  SAMPLE_SESSION_ID,
  sampleEvents,
} from "../../../shared/telemetry/testing/sample_batch.ts";
import { deriveBatch, utcDay, utcDayBounds } from "./derive.ts";

describe("deriveBatch", () => {
  it("turns plays and transitions into rows and bounds the session by its start and end", () => {
    const start = new Date("2026-03-07T22:00:00.000Z");
    const derived = deriveBatch(Object.values(sampleEvents(start)));
    assert.equal(derived.plays.length, 1);
    assert.equal(derived.plays[0].playId, SAMPLE_OUTGOING_PLAY_ID);
    assert.equal(derived.plays[0].camelotKey, "8A");
    assert.equal(derived.transitions.length, 1);
    assert.equal(derived.transitions[0].phraseAligned, true);
    assert.deepEqual(derived.sessions, [{
      sessionId: SAMPLE_SESSION_ID,
      startedAt: start.getTime(),
      endedAt: start.getTime() + 1200_000,
      endReason: "idle",
      lastActivityAt: start.getTime() + 1200_000,
    }]);
  });

  it("counts each event on the UTC day of its time, and a play on the day it started", () => {
    const events = sampleEvents(new Date("2026-03-07T23:58:00.000Z"));
    const play = { ...events.track_play, ts: "2026-03-08T00:04:00.000Z" } as TelemetryEvent;
    const derived = deriveBatch([events.session_start, play, events.heartbeat, events.mixer_counters]);
    assert.deepEqual(derived.days.map((day) => [day.day, day.events, day.heartbeats, day.faderMoves]), [
      ["2026-03-07", 1, 0, 0],
      ["2026-03-08", 3, 1, 14],
    ]);
    assert.equal(utcDay(derived.plays[0].startedAt), "2026-03-07");
  });

  it("takes a play reported twice in one batch once, the last report winning", () => {
    const { track_play: play } = sampleEvents();
    const corrected = { ...play, genre: "Techno" } as TelemetryEvent;
    const derived = deriveBatch([play, corrected]);
    assert.deepEqual(derived.plays.map((row) => row.genre), ["Techno"]);
  });

  it("keeps the hottest CPU temperature and ignores boards without a sensor", () => {
    const { heartbeat } = sampleEvents();
    const derived = deriveBatch([
      { ...heartbeat, cpuTempC: 48 } as TelemetryEvent,
      { ...heartbeat, cpuTempC: null } as TelemetryEvent,
      { ...heartbeat, cpuTempC: 61.5 } as TelemetryEvent,
    ]);
    assert.equal(derived.days[0].maxCpuTempC, 61.5);
    assert.equal(deriveBatch([{ ...heartbeat, cpuTempC: null } as TelemetryEvent]).days[0].maxCpuTempC, null);
  });

  it("adds energy, errors, accessory tags and outbox drops to the day", () => {
    const events = sampleEvents();
    const [day] =
      deriveBatch([events.energy, events.energy, events.error, events.accessory, events.outbox_drop])
        .days;
    assert.deepEqual([day.energyWh, day.errors, day.accessoryWarnings, day.droppedEvents], [0.4, 1, 1, 140]);
  });

  it("bounds a UTC day", () => {
    assert.deepEqual(utcDayBounds("2026-03-08"), {
      start: Date.parse("2026-03-08T00:00:00Z"),
      end: Date.parse("2026-03-09T00:00:00Z"),
    });
  });
});
