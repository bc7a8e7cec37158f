/**
 * @module
 * Controller telemetry: every accepted batch as it arrived (append-only, keyed by the device and the
 * controller's batch id, which makes retries idempotent), and the small tables dashboards read,
 * derived from the batches in the same transaction: DJ sessions, track plays, transitions and daily
 * totals per owner and device.
 *
 * Telemetry names devices, never people: a batch carries the device id; the derived rows also carry
 * the id (never the email) of the user who owned the device when the batch arrived, so a DJ's history
 * stays theirs when the device is removed or passes to someone else. The trigger
 * `telemetry_batches_append_only` (hand-written migration) refuses every UPDATE of a stored batch.
 */
import { blob, index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { CAMELOT_RELATIONS, SESSION_END_REASONS } from "../../../shared/telemetry/events.ts";
import { devices } from "./devices.ts";
import { users } from "./users.ts";

export const BATCH_BODY_ENCODINGS = ["gzip", "identity"] as const;

/**
 * Raw telemetry: one row per accepted batch, its body exactly as the device sent it (gzip JSON as a
 * rule; a tenth of the JSON's size, which keeps the write per batch small).
 */
export const telemetryBatches = sqliteTable("telemetry_batches", {
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  /** The controller's id for the batch (a UUID); a retry sends the same id. */
  batchId: text("batch_id").notNull(),
  /** Random per ingest attempt: later statements of the same transaction check it to know the batch is new. */
  ingestId: text("ingest_id").notNull(),
  sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
  receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  eventCount: integer("event_count").notNull(),
  /** The request body as received and validated: a `TelemetryBatch` as JSON, compressed per `body_encoding`. */
  body: blob("body", { mode: "buffer" }).notNull(),
  bodyEncoding: text("body_encoding", { enum: BATCH_BODY_ENCODINGS }).notNull(),
}, (table) => [primaryKey({ columns: [table.deviceId, table.batchId] })]);

/** A DJ session: first play to last stop on one device. */
export const djSessions = sqliteTable("dj_sessions", {
  deviceId: text("device_id").notNull(),
  /** The controller's id for the session. */
  sessionId: text("session_id").notNull(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  /** Null while the session has not been reported as ended. */
  endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  endReason: text("end_reason", { enum: SESSION_END_REASONS }),
  /** The latest moment anything of the session happened (its end, or the end of its latest play). */
  lastActivityAt: integer("last_activity_at", { mode: "timestamp_ms" }).notNull(),
  plays: integer("plays").notNull().default(0),
  playedSec: real("played_sec").notNull().default(0),
  transitions: integer("transitions").notNull().default(0),
}, (table) => [
  primaryKey({ columns: [table.deviceId, table.sessionId] }),
  index("dj_sessions_user_started_idx").on(table.userId, table.startedAt),
]);

/** One track on one deck. */
export const djPlays = sqliteTable("dj_plays", {
  deviceId: text("device_id").notNull(),
  playId: text("play_id").notNull(),
  sessionId: text("session_id").notNull(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  deck: integer("deck").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  endedAt: integer("ended_at", { mode: "timestamp_ms" }).notNull(),
  playedSec: real("played_sec").notNull(),
  bpm: real("bpm"),
  /** Camelot code, e.g. `8A`. */
  camelotKey: text("camelot_key"),
  genre: text("genre"),
  cloudTrackId: text("cloud_track_id"),
  title: text("title"),
  artist: text("artist"),
  durationSec: real("duration_sec"),
}, (table) => [
  primaryKey({ columns: [table.deviceId, table.playId] }),
  index("dj_plays_user_started_idx").on(table.userId, table.startedAt),
  index("dj_plays_session_idx").on(table.deviceId, table.sessionId),
]);

/** A blend from one play into the next. */
export const djTransitions = sqliteTable("dj_transitions", {
  deviceId: text("device_id").notNull(),
  outgoingPlayId: text("outgoing_play_id").notNull(),
  incomingPlayId: text("incoming_play_id").notNull(),
  sessionId: text("session_id").notNull(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
  fromDeck: integer("from_deck").notNull(),
  toDeck: integer("to_deck").notNull(),
  tempoDeltaPct: real("tempo_delta_pct"),
  camelotRelation: text("camelot_relation", { enum: CAMELOT_RELATIONS }).notNull(),
  overlapBeats: real("overlap_beats").notNull(),
  phraseAligned: integer("phrase_aligned", { mode: "boolean" }).notNull(),
  bassSwapSec: real("bass_swap_sec"),
}, (table) => [
  primaryKey({ columns: [table.deviceId, table.outgoingPlayId, table.incomingPlayId] }),
  index("dj_transitions_user_at_idx").on(table.userId, table.at),
  index("dj_transitions_session_idx").on(table.deviceId, table.sessionId),
]);

/**
 * Totals of one owner's device for one UTC day. Sessions, plays and transitions are recounted from
 * their tables (so a play reported twice counts once); the mixer, energy, error and health figures
 * add up the day's events of every new batch.
 */
export const djDailyStats = sqliteTable("dj_daily_stats", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  deviceId: text("device_id").notNull(),
  /** `YYYY-MM-DD` (UTC). */
  day: text("day").notNull(),
  sessions: integer("sessions").notNull().default(0),
  plays: integer("plays").notNull().default(0),
  playedSec: real("played_sec").notNull().default(0),
  transitions: integer("transitions").notNull().default(0),
  /** Transitions into the same key, a wheel neighbour or the relative major/minor. */
  harmonicTransitions: integer("harmonic_transitions").notNull().default(0),
  faderMoves: integer("fader_moves").notNull().default(0),
  crossfaderMoves: integer("crossfader_moves").notNull().default(0),
  eqMoves: integer("eq_moves").notNull().default(0),
  energyWh: real("energy_wh").notNull().default(0),
  errors: integer("errors").notNull().default(0),
  /** `serial_missing` and `untrusted_accessory` tags. */
  accessoryWarnings: integer("accessory_warnings").notNull().default(0),
  heartbeats: integer("heartbeats").notNull().default(0),
  maxCpuTempC: real("max_cpu_temp_c"),
  /** Events the controller's outbox dropped unsent (reported by the device). */
  droppedEvents: integer("dropped_events").notNull().default(0),
  /** Every event of the day, of any kind. */
  events: integer("events").notNull().default(0),
  /** When the newest batch with events of this day arrived: the dashboards' "Last updated". */
  lastBatchAt: integer("last_batch_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  primaryKey({ columns: [table.userId, table.deviceId, table.day] }),
  index("dj_daily_stats_day_idx").on(table.day),
]);

export type TelemetryBatchRow = typeof telemetryBatches.$inferSelect;
export type DjSession = typeof djSessions.$inferSelect;
export type DjPlay = typeof djPlays.$inferSelect;
export type DjTransition = typeof djTransitions.$inferSelect;
export type DjDailyStats = typeof djDailyStats.$inferSelect;
