/**
 * @module
 * The analysis queue and its results. A job is a row: workers lease it (owner + expiry), so a job whose
 * worker died is leased again once the lease runs out; `attempts` counts leases and the job fails with
 * a reason after `max_attempts`. Results live in `track_analysis`, one row per track; both go with the
 * track (ON DELETE CASCADE). The MIXERA Pro "skip the queue" flag is `analysis_priority_users` until
 * plans set it.
 */
import { sql } from "drizzle-orm";
import { blob, index, integer, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cloudTracks } from "./cloud.ts";
import { users } from "./users.ts";

export const ANALYSIS_JOB_STATES = ["queued", "running", "done", "failed"] as const;
export type AnalysisJobState = typeof ANALYSIS_JOB_STATES[number];

export const analysisJobs = sqliteTable("analysis_jobs", {
  trackId: text("track_id").primaryKey().references(() => cloudTracks.id, { onDelete: "cascade" }),
  /** Owner of the track, copied so the queue can order and count without a join. */
  userId: text("user_id").notNull(),
  /** Where the audio is in storage (the track's storage key; not named `_key`, the track row owns the file). */
  sourceObject: text("source_object").notNull(),
  /** 1 for users who skip the queue: their jobs are leased before everyone else's. */
  priority: integer("priority").notNull().default(0),
  state: text("state", { enum: ANALYSIS_JOB_STATES }).notNull().default("queued"),
  attempts: integer("attempts").notNull().default(0),
  maxAttempts: integer("max_attempts").notNull(),
  /** Not leased before this time (a retry waits a little after a failure). */
  availableAt: integer("available_at", { mode: "timestamp_ms" }).notNull(),
  leaseOwner: text("lease_owner"),
  leaseExpiresAt: integer("lease_expires_at", { mode: "timestamp_ms" }),
  /** Share decoded so far, 0..1, while running. */
  progress: real("progress").notNull().default(0),
  /** Why the last attempt failed (shown to the user when the job has failed). */
  lastError: text("last_error"),
  enqueuedAt: integer("enqueued_at", { mode: "timestamp_ms" }).notNull(),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("analysis_jobs_lease_idx").on(table.state, table.priority, table.enqueuedAt),
]);

export type AnalysisJob = typeof analysisJobs.$inferSelect;

export const trackAnalysis = sqliteTable(
  "track_analysis",
  {
    trackId: text("track_id").primaryKey().references(() => cloudTracks.id, { onDelete: "cascade" }),
    durationSeconds: real("duration_seconds").notNull(),
    sampleRate: integer("sample_rate").notNull(),
    channels: integer("channels").notNull(),
    bpm: real("bpm"),
    bpmConfidence: real("bpm_confidence").notNull(),
    firstBeatSeconds: real("first_beat_seconds"),
    /** Standard notation ("F#m", "Bb") and Camelot code ("11A"). */
    keyName: text("key_name"),
    keyCamelot: text("key_camelot"),
    keyConfidence: real("key_confidence"),
    loudnessLufs: real("loudness_lufs"),
    /** 1..10. */
    energy: integer("energy").notNull(),
    /** JSON `{ pointsPerSecond, peaks }` for wavesurfer.js. */
    waveform: text("waveform").notNull(),
    /** The tags as read from the file, JSON (title, artist, album, genre, year). */
    fileTags: text("file_tags").notNull(),
    artwork: blob("artwork", { mode: "buffer" }),
    artworkType: text("artwork_type"),
    analyzedAt: integer("analyzed_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
  },
  (
    table,
  ) => [
    index("track_analysis_bpm_idx").on(table.bpm),
    index("track_analysis_camelot_idx").on(table.keyCamelot),
  ],
);

export type TrackAnalysisRow = typeof trackAnalysis.$inferSelect;

/** Users whose analysis jobs skip the queue (set by admins until plans set it). */
export const analysisPriorityUsers = sqliteTable("analysis_priority_users", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  grantedAt: integer("granted_at", { mode: "timestamp_ms" }).notNull(),
});
