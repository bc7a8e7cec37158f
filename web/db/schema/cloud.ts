/**
 * @module
 * The MIXERA Cloud library: a user's uploaded tracks, the resumable uploads still in progress, and the
 * per-user storage quota. Analysis results live in their own tables keyed by `cloud_tracks.id`.
 */
import { sql } from "drizzle-orm";
import {
  type AnySQLiteColumn,
  index,
  integer,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

/** Audio formats the library accepts, as detected from the file's bytes (never from its name). */
export const CLOUD_AUDIO_FORMATS = ["mp3", "wav", "flac", "aiff"] as const;
export type CloudAudioFormat = typeof CLOUD_AUDIO_FORMATS[number];

export const cloudTracks = sqliteTable("cloud_tracks", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** Storage key of the audio file (`cloud/<user id>/<track id>`). */
  storageKey: text("storage_key").notNull(),
  /** Content type of the stored file, derived from `format`. */
  storageType: text("storage_type").notNull(),
  originalFilename: text("original_filename").notNull(),
  format: text("format", { enum: CLOUD_AUDIO_FORMATS }).notNull(),
  sizeBytes: integer("size_bytes").notNull(),
  /** SHA-256 of the whole file, lower-case hex: an exact re-upload finds its track by it. */
  sha256: text("sha256").notNull(),
  /**
   * SHA-256 of the audio payload alone (tags and metadata chunks left out), lower-case hex: a re-tagged
   * copy of the same audio has the same fingerprint but another `sha256`. Null when it could not be
   * located.
   */
  audioFingerprint: text("audio_fingerprint"),
  /** Set when another track of the same user had the same audio fingerprint at upload time. */
  likelyDuplicateOf: text("likely_duplicate_of").references((): AnySQLiteColumn => cloudTracks.id, {
    onDelete: "set null",
  }),
  /** Tags: filled from the file by analysis, editable by the user afterwards. */
  title: text("title").notNull(),
  artist: text("artist"),
  album: text("album"),
  genre: text("genre"),
  year: integer("year"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
}, (table) => [
  uniqueIndex("cloud_tracks_user_sha256_idx").on(table.userId, table.sha256),
  // The table's default order (newest first, id as tie-break) straight from the index.
  index("cloud_tracks_user_created_idx").on(table.userId, table.createdAt, table.id),
  index("cloud_tracks_user_title_idx").on(table.userId, table.title),
  index("cloud_tracks_user_fingerprint_idx").on(table.userId, table.audioFingerprint),
]);

export type CloudTrack = typeof cloudTracks.$inferSelect;

/**
 * A resumable (tus) upload in progress. Its declared length is reserved against the quota from the
 * moment it is created, so concurrent uploads cannot overshoot; the row goes when the upload completes,
 * is terminated, or expires.
 */
export const cloudUploads = sqliteTable("cloud_uploads", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** Storage key the bytes are written to while the upload runs. */
  partialKey: text("partial_key").notNull(),
  /** Backend state of the partial object (the S3 multipart upload id and its parts), as JSON. */
  storageState: text("storage_state").notNull().default("{}"),
  /** Declared total length (tus `Upload-Length`). */
  lengthBytes: integer("length_bytes").notNull(),
  /** Bytes received and stored so far (tus `Upload-Offset`). */
  offsetBytes: integer("offset_bytes").notNull().default(0),
  originalFilename: text("original_filename").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  /** Moved forward on every PATCH; after it the upload is removed by the cleanup job. */
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("cloud_uploads_user_idx").on(table.userId),
  index("cloud_uploads_expires_idx").on(table.expiresAt),
]);

export type CloudUpload = typeof cloudUploads.$inferSelect;

/** A user's storage quota when it differs from the default (2 GB). */
export const cloudQuotas = sqliteTable("cloud_quotas", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  quotaBytes: integer("quota_bytes").notNull(),
});
