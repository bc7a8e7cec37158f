/**
 * @module
 * The device cloud API's own rows: which cloud track each device fetched and when (what feeds "Linked
 * Devices" and the library's "Synced" column), and the portal's key for signing download URLs. A
 * download record goes with its device or its track (ON DELETE CASCADE).
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cloudTracks } from "./cloud.ts";
import { devices } from "./devices.ts";

/**
 * One row per device and track: the device was handed a download URL for the track at
 * `downloaded_at` (the latest time, when it asked again). With S3 storage the bytes then come from the
 * object store, so this is the moment the portal can see, not the end of the transfer.
 */
export const deviceTrackDownloads = sqliteTable("device_track_downloads", {
  deviceId: text("device_id").notNull().references(() => devices.id, { onDelete: "cascade" }),
  trackId: text("track_id").notNull().references(() => cloudTracks.id, { onDelete: "cascade" }),
  downloadedAt: integer("downloaded_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  primaryKey({ columns: [table.deviceId, table.trackId] }),
  index("device_track_downloads_track_idx").on(table.trackId),
]);

/**
 * Secrets the portal signs its own URLs with, one per purpose, made on first use. Kept in the
 * database so every portal instance signs and checks with the same key.
 */
export const urlSigningKeys = sqliteTable("url_signing_keys", {
  purpose: text("purpose").primaryKey(),
  /** 32 random bytes, base64url. */
  secret: text("secret").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
