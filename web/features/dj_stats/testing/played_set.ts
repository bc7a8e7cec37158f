/**
 * @module
 * Test support: the telemetry a controller sends for a DJ set (session start, one play per track, a
 * transition between each pair, energy, session end), posted through the real `/v1/telemetry` ingest.
 */
import { sampleBatch } from "../../../../shared/telemetry/testing/sample_batch.ts";
import type { CamelotRelation, TelemetryEvent } from "../../../../shared/telemetry/mod.ts";
import type { TelemetryDevice } from "../../telemetry/testing/telemetry_device.ts";

export interface PlayedTrack {
  title: string;
  artist: string;
  seconds: number;
  bpm?: number;
  key?: string;
  genre?: string;
  durationSec?: number;
}

export interface PlayedMix {
  tempoDeltaPct: number;
  camelotRelation: CamelotRelation;
  overlapBeats?: number;
  phraseAligned?: boolean;
}

export interface PlayedSet {
  start: Date;
  tracks: PlayedTrack[];
  /** The mix into each track after the first (defaults: 1 % tempo change, same key). */
  mixes?: PlayedMix[];
  energyWh?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The set's events in the order a controller reports them; plays follow each other back to back. */
export function setEvents(set: PlayedSet): { sessionId: string; events: TelemetryEvent[] } {
  const sessionId = crypto.randomUUID();
  const events: TelemetryEvent[] = [{ kind: "session_start", ts: iso(set.start.getTime()), sessionId }];
  let at = set.start.getTime();
  let previous: string | null = null;
  set.tracks.forEach((track, i) => {
    const playId = crypto.randomUUID();
    const end = at + track.seconds * 1000;
    events.push({
      kind: "track_play",
      ts: iso(end),
      sessionId,
      playId,
      deck: i % 2,
      startedAt: iso(at),
      endedAt: iso(end),
      playedSec: track.seconds,
      bpm: track.bpm ?? 124,
      key: track.key ?? "8A",
      genre: track.genre ?? "House",
      cloudTrackId: null,
      title: track.title,
      artist: track.artist,
      durationSec: track.durationSec ?? track.seconds + 20,
    });
    if (previous) {
      const mix = set.mixes?.[i - 1] ?? { tempoDeltaPct: 1, camelotRelation: "same" };
      events.push({
        kind: "transition",
        ts: iso(at),
        sessionId,
        outgoingPlayId: previous,
        incomingPlayId: playId,
        fromDeck: (i - 1) % 2,
        toDeck: i % 2,
        tempoDeltaPct: mix.tempoDeltaPct,
        camelotRelation: mix.camelotRelation,
        overlapBeats: mix.overlapBeats ?? 32,
        phraseAligned: mix.phraseAligned ?? true,
        bassSwapSec: null,
      });
    }
    previous = playId;
    at = end;
  });
  if (set.energyWh) {
    const periodSec = Math.round((at - set.start.getTime()) / 1000);
    events.push({
      kind: "energy",
      ts: iso(at),
      periodSec,
      averageWatts: Math.min(10_000, Math.round(set.energyWh / (periodSec / 3600))),
      energyWh: set.energyWh,
    });
  }
  events.push({ kind: "session_end", ts: iso(at + 1000), sessionId, reason: "stopped" });
  return { sessionId, events };
}

/** Sends the set as one batch and fails loudly unless the portal acknowledges it. */
export async function sendSet(device: TelemetryDevice, set: PlayedSet): Promise<{ sessionId: string }> {
  const { sessionId, events } = setEvents(set);
  const response = await device.post(sampleBatch(device.controller.serial, events), { gzip: true });
  if (response.status !== 200) {
    throw new Error(`telemetry answered ${response.status}: ${await response.text()}`);
  }
  return { sessionId };
}
