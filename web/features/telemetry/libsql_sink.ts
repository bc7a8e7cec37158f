/**
 * @module
 * The portal's telemetry sink: one grouped write transaction per batch (web/db/write_group.ts) that
 * appends the raw batch and brings the derived tables up to date.
 *
 * Idempotency: the raw row's key is (device, batch id), inserted with ON CONFLICT DO NOTHING. Plays and
 * transitions are keyed rows inserted the same way, sessions merge (earliest start, latest end), and
 * their counts are recounted from the rows — all safe to repeat. The one thing that adds up, the
 * daily counters, only runs when the raw row of this very attempt exists: each attempt carries a
 * random `ingest_id`, so a retry racing the first attempt adds nothing.
 */
import type { InStatement } from "@libsql/client";
import type { TelemetryBatch } from "../../../shared/telemetry/mod.ts";
import type { Db } from "../../db/client.ts";
import { groupedWriteBatch } from "../../db/write_group.ts";
import { randomSecret } from "../../auth/secrets.ts";
import {
  type DayCounters,
  deriveBatch,
  HARMONIC_RELATIONS,
  type PlayRow,
  type SessionTouch,
  type TransitionRow,
  utcDayBounds,
} from "./derive.ts";
import type { IngestResult, RawBatchBody, TelemetrySender, TelemetrySink } from "./sink.ts";

const INSERT_BATCH = `INSERT INTO telemetry_batches
  (device_id, batch_id, ingest_id, sent_at, received_at, event_count, body, body_encoding)
  VALUES (:device, :batch, :ingest, :sentAt, :receivedAt, :eventCount, :body, :bodyEncoding)
  ON CONFLICT (device_id, batch_id) DO NOTHING`;

const STORED_BATCH = "SELECT event_count FROM telemetry_batches WHERE device_id = ? AND batch_id = ?";

const INSERT_PLAY = `INSERT INTO dj_plays
  (device_id, play_id, session_id, user_id, deck, started_at, ended_at, played_sec, bpm, camelot_key,
   genre, cloud_track_id, title, artist, duration_sec)
  VALUES (:device, :playId, :sessionId, :user, :deck, :startedAt, :endedAt, :playedSec, :bpm, :camelotKey,
   :genre, :cloudTrackId, :title, :artist, :durationSec)
  ON CONFLICT (device_id, play_id) DO NOTHING`;

const INSERT_TRANSITION = `INSERT INTO dj_transitions
  (device_id, outgoing_play_id, incoming_play_id, session_id, user_id, at, from_deck, to_deck,
   tempo_delta_pct, camelot_relation, overlap_beats, phrase_aligned, bass_swap_sec)
  VALUES (:device, :outgoingPlayId, :incomingPlayId, :sessionId, :user, :at, :fromDeck, :toDeck,
   :tempoDeltaPct, :camelotRelation, :overlapBeats, :phraseAligned, :bassSwapSec)
  ON CONFLICT (device_id, outgoing_play_id, incoming_play_id) DO NOTHING`;

const ofSession = "device_id = :device AND session_id = :sessionId AND user_id = :user";

/** Merges the session's bounds and recounts its plays and transitions. */
const UPSERT_SESSION = `INSERT INTO dj_sessions
  (device_id, session_id, user_id, started_at, ended_at, end_reason, last_activity_at, plays, played_sec,
   transitions)
  SELECT :device, :sessionId, :user, :startedAt, :endedAt, :endReason, :lastActivityAt,
    (SELECT count(*) FROM dj_plays WHERE ${ofSession}),
    (SELECT coalesce(sum(played_sec), 0) FROM dj_plays WHERE ${ofSession}),
    (SELECT count(*) FROM dj_transitions WHERE ${ofSession})
  WHERE true
  ON CONFLICT (device_id, session_id) DO UPDATE SET
    started_at = min(started_at, excluded.started_at),
    ended_at = coalesce(max(ended_at, excluded.ended_at), ended_at, excluded.ended_at),
    end_reason = coalesce(excluded.end_reason, end_reason),
    last_activity_at = max(last_activity_at, excluded.last_activity_at),
    plays = excluded.plays,
    played_sec = excluded.played_sec,
    transitions = excluded.transitions
  WHERE user_id = excluded.user_id`;

const ofDay = "user_id = :user AND device_id = :device";
const harmonic = HARMONIC_RELATIONS.map((relation) => `'${relation}'`).join(", ");

/**
 * Recounts the day's sessions, plays and transitions and adds the batch's counters, only when the
 * raw row of this attempt exists.
 */
const UPSERT_DAY = `INSERT INTO dj_daily_stats
  (user_id, device_id, day, sessions, plays, played_sec, transitions, harmonic_transitions, fader_moves,
   crossfader_moves, eq_moves, energy_wh, errors, accessory_warnings, heartbeats, max_cpu_temp_c,
   dropped_events, events, last_batch_at)
  SELECT :user, :device, :day,
    (SELECT count(*) FROM dj_sessions WHERE ${ofDay} AND started_at >= :dayStart AND started_at < :dayEnd),
    p.count, p.seconds, t.count, t.harmonic,
    :faderMoves, :crossfaderMoves, :eqMoves, :energyWh, :errors, :accessoryWarnings, :heartbeats,
    :maxCpuTempC, :droppedEvents, :events, :receivedAt
  FROM (SELECT count(*) AS count, coalesce(sum(played_sec), 0) AS seconds FROM dj_plays
         WHERE ${ofDay} AND started_at >= :dayStart AND started_at < :dayEnd) AS p,
       (SELECT count(*) AS count, coalesce(sum(camelot_relation IN (${harmonic})), 0) AS harmonic
          FROM dj_transitions WHERE ${ofDay} AND at >= :dayStart AND at < :dayEnd) AS t
  WHERE EXISTS (SELECT 1 FROM telemetry_batches
                 WHERE device_id = :device AND batch_id = :batch AND ingest_id = :ingest)
  ON CONFLICT (user_id, device_id, day) DO UPDATE SET
    sessions = excluded.sessions,
    plays = excluded.plays,
    played_sec = excluded.played_sec,
    transitions = excluded.transitions,
    harmonic_transitions = excluded.harmonic_transitions,
    fader_moves = fader_moves + excluded.fader_moves,
    crossfader_moves = crossfader_moves + excluded.crossfader_moves,
    eq_moves = eq_moves + excluded.eq_moves,
    energy_wh = energy_wh + excluded.energy_wh,
    errors = errors + excluded.errors,
    accessory_warnings = accessory_warnings + excluded.accessory_warnings,
    heartbeats = heartbeats + excluded.heartbeats,
    max_cpu_temp_c = max(coalesce(max_cpu_temp_c, excluded.max_cpu_temp_c),
                         coalesce(excluded.max_cpu_temp_c, max_cpu_temp_c)),
    dropped_events = dropped_events + excluded.dropped_events,
    events = events + excluded.events,
    last_batch_at = max(last_batch_at, excluded.last_batch_at)`;

type Args = Record<string, string | number | ArrayBuffer | null>;

interface Attempt {
  device: string;
  user: string;
  batch: string;
  ingest: string;
  receivedAt: number;
}

function playStatement(attempt: Attempt, play: PlayRow): InStatement {
  return { sql: INSERT_PLAY, args: { device: attempt.device, user: attempt.user, ...play } };
}

function transitionStatement(attempt: Attempt, transition: TransitionRow): InStatement {
  const args: Args = {
    device: attempt.device,
    user: attempt.user,
    ...transition,
    phraseAligned: transition.phraseAligned ? 1 : 0,
  };
  return { sql: INSERT_TRANSITION, args };
}

function sessionStatement(attempt: Attempt, session: SessionTouch): InStatement {
  return { sql: UPSERT_SESSION, args: { device: attempt.device, user: attempt.user, ...session } };
}

function dayStatement(attempt: Attempt, counters: DayCounters): InStatement {
  const { start, end } = utcDayBounds(counters.day);
  const args: Args = { ...attempt, ...counters, dayStart: start, dayEnd: end };
  return { sql: UPSERT_DAY, args };
}

/** Statements for one attempt, in dependency order: raw row, plays, transitions, sessions, days. */
export function ingestStatements(attempt: Attempt, batch: TelemetryBatch, raw: RawBatchBody): InStatement[] {
  const derived = deriveBatch(batch.events);
  return [
    {
      sql: INSERT_BATCH,
      args: {
        device: attempt.device,
        batch: attempt.batch,
        ingest: attempt.ingest,
        sentAt: Date.parse(batch.sentAt),
        receivedAt: attempt.receivedAt,
        eventCount: batch.events.length,
        body: raw.bytes.buffer.slice(
          raw.bytes.byteOffset,
          raw.bytes.byteOffset + raw.bytes.byteLength,
        ) as ArrayBuffer,
        bodyEncoding: raw.encoding,
      },
    },
    ...derived.plays.map((play) => playStatement(attempt, play)),
    ...derived.transitions.map((transition) => transitionStatement(attempt, transition)),
    ...derived.sessions.map((session) => sessionStatement(attempt, session)),
    ...derived.days.map((day) => dayStatement(attempt, day)),
  ];
}

async function storedEventCount(db: Db, deviceId: string, batchId: string): Promise<number | null> {
  const { rows } = await db.$client.execute({ sql: STORED_BATCH, args: [deviceId, batchId] });
  return rows.length ? Number(rows[0].event_count) : null;
}

/**
 * @example
 * ```ts
 * const sink = libsqlTelemetrySink(db);
 * const { accepted, duplicate } = await sink.ingest({ deviceId, userId }, batch, raw, new Date());
 * ```
 */
export function libsqlTelemetrySink(db: Db): TelemetrySink {
  return {
    async ingest(
      sender: TelemetrySender,
      batch: TelemetryBatch,
      raw: RawBatchBody,
      receivedAt: Date,
    ): Promise<IngestResult> {
      // A retry usually finds its batch stored: answer from the raw row without writing.
      const stored = await storedEventCount(db, sender.deviceId, batch.batchId);
      if (stored !== null) return { accepted: stored, duplicate: true };
      const attempt: Attempt = {
        device: sender.deviceId,
        user: sender.userId,
        batch: batch.batchId,
        ingest: randomSecret(12),
        receivedAt: receivedAt.getTime(),
      };
      const [inserted] = await groupedWriteBatch(db.$client, ingestStatements(attempt, batch, raw));
      if (inserted.rowsAffected === 1) return { accepted: batch.events.length, duplicate: false };
      return { accepted: (await storedEventCount(db, sender.deviceId, batch.batchId)) ?? 0, duplicate: true };
    },
  };
}
