/**
 * @module
 * Telemetry batches of whole DJ sets in a chosen style (genre, tempo, weekday and hour, key relation
 * of the blends), for tests that need real telemetry-derived profiles. Pure: Deno tests post them
 * through the test app, browser tests through the running portal.
 */
import { TELEMETRY_SCHEMA_VERSION, type TelemetryBatch } from "../../../../shared/telemetry/batch.ts";
import type { CamelotRelation, TelemetryEvent } from "../../../../shared/telemetry/events.ts";

export interface DjSetStyle {
  genre: string;
  /** Tempo of the set's tracks; they alternate 1 BPM either side of it. */
  bpm: number;
  /** 0 = Sunday … 6 = Saturday (UTC). */
  weekday: number;
  /** UTC hour the set starts. */
  hour: number;
  tracks: number;
  /** Camelot relation of every blend. */
  relation: CamelotRelation;
}

const TRACK_SEC = 360;

/** Deep house around 124 BPM on Saturday nights, mixed harmonically. */
export const SATURDAY_DEEP_HOUSE: DjSetStyle = {
  genre: "Deep House",
  bpm: 124,
  weekday: 6,
  hour: 22,
  tracks: 12,
  relation: "adjacent",
};

/** Techno around 138 BPM on Tuesday afternoons, blends that clash. */
export const TUESDAY_TECHNO: DjSetStyle = {
  genre: "Techno",
  bpm: 138,
  weekday: 2,
  hour: 14,
  tracks: 8,
  relation: "clash",
};

/** The latest start at `weekday`/`hour` whose set of `tracks` ends before `now`, within the last 8 days. */
export function setStart(style: Pick<DjSetStyle, "weekday" | "hour" | "tracks">, now: Date): Date {
  const lengthMs = style.tracks * TRACK_SEC * 1000;
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), style.hour));
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() - style.weekday + 7) % 7));
  if (day.getTime() + lengthMs > now.getTime()) day.setUTCDate(day.getUTCDate() - 7);
  return day;
}

/**
 * One batch holding a whole set: session start, every play, the blends between them, session end.
 *
 * @example
 * const batch = djSetBatch("MXR-20250122-000001", { genre: "Deep House", bpm: 124, weekday: 6, hour: 22, tracks: 10, relation: "adjacent" }, new Date());
 */
export function djSetBatch(serial: string, style: DjSetStyle, now: Date): TelemetryBatch {
  const start = setStart(style, now).getTime();
  const sessionId = crypto.randomUUID();
  const iso = (ms: number) => new Date(ms).toISOString();
  const events: TelemetryEvent[] = [{ kind: "session_start", ts: iso(start), sessionId }];
  let previous: string | undefined;
  for (let i = 0; i < style.tracks; i++) {
    const playId = crypto.randomUUID();
    const from = start + i * TRACK_SEC * 1000;
    const to = from + TRACK_SEC * 1000;
    if (previous) {
      events.push({
        kind: "transition",
        ts: iso(from + 30_000),
        sessionId,
        outgoingPlayId: previous,
        incomingPlayId: playId,
        fromDeck: (i - 1) % 2,
        toDeck: i % 2,
        tempoDeltaPct: 0.8,
        camelotRelation: style.relation,
        overlapBeats: 32,
        phraseAligned: true,
        bassSwapSec: 8,
      });
    }
    events.push({
      kind: "track_play",
      ts: iso(to),
      sessionId,
      playId,
      deck: i % 2,
      startedAt: iso(from),
      endedAt: iso(to),
      playedSec: TRACK_SEC,
      bpm: style.bpm + (i % 2 === 0 ? -1 : 1),
      key: "8A",
      genre: style.genre,
      cloudTrackId: null,
      title: `Track ${i + 1}`,
      artist: "Test Artist",
      durationSec: TRACK_SEC + 20,
    });
    previous = playId;
  }
  events.push({
    kind: "session_end",
    ts: iso(start + style.tracks * TRACK_SEC * 1000),
    sessionId,
    reason: "stopped",
  });
  return {
    v: TELEMETRY_SCHEMA_VERSION,
    batchId: crypto.randomUUID(),
    serial,
    sentAt: iso(now.getTime()),
    events,
  };
}
