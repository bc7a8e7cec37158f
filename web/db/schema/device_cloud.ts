/**
 * @module
 * The device cloud API's own rows: which cloud track each device fetched and when (what feeds "Linked
 * Devices" and the library's "Synced" column). A download record goes with its device or its track
 * (ON DELETE CASCADE).
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
