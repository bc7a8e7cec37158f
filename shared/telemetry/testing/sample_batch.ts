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

/** One event of each kind, in the order a short session produces them. */
export function sampleEvents(): Record<TelemetryEventKind, TelemetryEvent> {
  return {
    session_start: { kind: "session_start", ts: "2026-03-07T22:00:00.000Z", sessionId: SAMPLE_SESSION_ID },
    transition: {
      kind: "transition",
      ts: "2026-03-07T22:05:30.000Z",
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
      ts: "2026-03-07T22:06:00.000Z",
      sessionId: SAMPLE_SESSION_ID,
      playId: SAMPLE_OUTGOING_PLAY_ID,
      deck: 0,
      startedAt: "2026-03-07T22:00:00.000Z",
      endedAt: "2026-03-07T22:06:00.000Z",
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
      ts: "2026-03-07T22:06:00.000Z",
      periodSec: 60,
      faderMoves: 14,
      crossfaderMoves: 3,
      eqMoves: 9,
    },
    fader_move: { kind: "fader_move", ts: "2026-03-07T22:05:31.250Z", chan: 3, pos: 0.734 },
    heartbeat: { kind: "heartbeat", ts: "2026-03-07T22:06:00.000Z", uptimeSec: 3600, cpuTempC: 52.3 },
    error: {
      kind: "error",
      ts: "2026-03-07T22:06:00.000Z",
      code: 4001,
      message: "MISSING_SERIAL",
      fatal: false,
    },
    accessory: {
      kind: "accessory",
      ts: "2026-03-07T22:00:05.000Z",
      tag: "untrusted_accessory",
      accessoryModel: "MXR-FADER-v1",
    },
    energy: {
      kind: "energy",
      ts: "2026-03-07T22:06:00.000Z",
      periodSec: 60,
      averageWatts: 12,
      energyWh: 0.2,
    },
    outbox_drop: {
      kind: "outbox_drop",
      ts: "2026-03-07T22:06:00.000Z",
      reason: "age",
      droppedBatches: 2,
      droppedEvents: 140,
      oldestDroppedAt: "2026-02-27T21:00:00.000Z",
    },
    session_end: {
      kind: "session_end",
      ts: "2026-03-07T22:20:00.000Z",
      sessionId: SAMPLE_SESSION_ID,
      reason: "idle",
    },
  };
}

/** A batch from `serial` holding `events` (by default one of every kind). */
export function sampleBatch(
  serial: string,
  events: TelemetryEvent[] = Object.values(sampleEvents()),
  batchId: string = crypto.randomUUID(),
): TelemetryBatch {
  return { v: TELEMETRY_SCHEMA_VERSION, batchId, serial, sentAt: "2026-03-07T22:21:00.000Z", events };
}
