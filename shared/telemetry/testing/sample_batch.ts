/**
 * @module
 * A valid example of every telemetry event kind and a batch builder, for tests on both sides: a
 * session with two plays and the transition between them, plus one of each other kind.
 */
import { TELEMETRY_SCHEMA_VERSION, type TelemetryBatch } from "../batch.ts";
import type { TelemetryEvent, TelemetryEventKind } from "../events.ts";

export const SAMPLE_SESSION_ID = "5b0c4a36-3f0e-4d7a-9c61-2f1e8a7d4b10";
export const SAMPLE_OUTGOING_PLAY_ID = "0f6d2c1e-8a4b-4c3d-9e5f-1a2b3c4d5e6f";
export const SAMPLE_INCOMING_PLAY_ID = "7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d";

/** The default start of the sample session. */
export const SAMPLE_SESSION_START = new Date("2026-03-07T22:00:00.000Z");

/** One event of each kind, in the order a short session starting at `start` produces them. */
/**
 * A start for `sampleEvents` in the recent past (≥ 1 hour before `now`, so the portal takes it) whose whole
 * sample set lies on one UTC day: noon of the latest such day. Tests counting daily rows stay right at any
 * time of day, including the half hour after midnight.
 */
export function recentSampleStart(now: Date): Date {
  const DAY_MS = 86_400_000;
  const latest = now.getTime() - 60 * 60_000;
  const noon = Math.floor(latest / DAY_MS) * DAY_MS + DAY_MS / 2;
  return new Date(noon <= latest ? noon : noon - DAY_MS);
}

export function sampleEvents(start: Date = SAMPLE_SESSION_START): Record<TelemetryEventKind, TelemetryEvent> {
  const at = (seconds: number) => new Date(start.getTime() + seconds * 1000).toISOString();
  return {
    session_start: { kind: "session_start", ts: at(0), sessionId: SAMPLE_SESSION_ID },
    transition: {
      kind: "transition",
      ts: at(330),
      sessionId: SAMPLE_SESSION_ID,
      outgoingPlayId: SAMPLE_OUTGOING_PLAY_ID,
      incomingPlayId: SAMPLE_INCOMING_PLAY_ID,
      fromDeck: 0,
      toDeck: 1,
      tempoDeltaPct: 1.6,
      camelotRelation: "adjacent",
      overlapBeats: 32,
      phraseAligned: true,
      bassSwapSec: 7.5,
    },
    track_play: {
      kind: "track_play",
      ts: at(360),
      sessionId: SAMPLE_SESSION_ID,
      playId: SAMPLE_OUTGOING_PLAY_ID,
      deck: 0,
      startedAt: at(0),
      endedAt: at(360),
      playedSec: 360,
      bpm: 124,
      key: "8A",
      genre: "House",
      cloudTrackId: null,
      title: "Night Drive",
      artist: "Test Artist",
      durationSec: 402,
    },
    mixer_counters: {
      kind: "mixer_counters",
      ts: at(360),
      periodSec: 60,
      faderMoves: 14,
      crossfaderMoves: 3,
      eqMoves: 9,
    },
    fader_move: { kind: "fader_move", ts: at(331.25), chan: 3, pos: 0.734 },
    heartbeat: { kind: "heartbeat", ts: at(360), uptimeSec: 3600, cpuTempC: 52.3 },
    error: {
      kind: "error",
      ts: at(360),
      code: 4001,
      message: "MISSING_SERIAL",
      fatal: false,
    },
    accessory: {
      kind: "accessory",
      ts: at(5),
      tag: "untrusted_accessory",
      accessoryModel: "MXR-FADER-v1",
    },
    energy: {
      kind: "energy",
      ts: at(360),
      periodSec: 60,
      averageWatts: 12,
      energyWh: 0.2,
    },
    outbox_drop: {
      kind: "outbox_drop",
      ts: at(360),
      reason: "age",
      droppedBatches: 2,
      droppedEvents: 140,
      oldestDroppedAt: at(-694800),
    },
    session_end: {
      kind: "session_end",
      ts: at(1200),
      sessionId: SAMPLE_SESSION_ID,
      reason: "idle",
    },
  };
}

/** A batch from `serial` holding `events` (by default one of every kind), sent when the last one happened. */
export function sampleBatch(
  serial: string,
  events: TelemetryEvent[] = Object.values(sampleEvents()),
  batchId: string = crypto.randomUUID(),
): TelemetryBatch {
  const newest = Math.max(...events.map((event) => Date.parse(event.ts)));
  return { v: TELEMETRY_SCHEMA_VERSION, batchId, serial, sentAt: new Date(newest).toISOString(), events };
}
