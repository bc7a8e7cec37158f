/**
 * @module
 * What a DJ builds on top of the uploaded tracks: cue points and loops per track, playlists (ordered
 * track lists), and what syncs to their devices. Everything goes with its track, playlist or user
 * (ON DELETE CASCADE).
 */
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { cloudTracks } from "./cloud.ts";
import { users } from "./users.ts";

/** Cue points and loops of one track, as JSON in the shapes of `shared/cloud/track_marks.ts`. */
export const cloudTrackMarks = sqliteTable("cloud_track_marks", {
  trackId: text("track_id").primaryKey().references(() => cloudTracks.id, { onDelete: "cascade" }),
  cuePoints: text("cue_points").notNull().default("[]"),
  loops: text("loops").notNull().default("[]"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
});

export const cloudPlaylists = sqliteTable("cloud_playlists", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  name: text("name").notNull(),
  /** Chosen for device sync when the user syncs chosen playlists only. */
  syncToDevices: integer("sync_to_devices", { mode: "boolean" }).notNull().default(false),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
}, (table) => [index("cloud_playlists_user_idx").on(table.userId, table.createdAt)]);

export type CloudPlaylist = typeof cloudPlaylists.$inferSelect;

/** A track's place in a playlist; a track appears at most once per playlist. */
export const cloudPlaylistTracks = sqliteTable("cloud_playlist_tracks", {
  playlistId: text("playlist_id").notNull().references(() => cloudPlaylists.id, { onDelete: "cascade" }),
  trackId: text("track_id").notNull().references(() => cloudTracks.id, { onDelete: "cascade" }),
  /** 0-based order; renumbered on every change, so it is dense. */
  position: integer("position").notNull(),
}, (table) => [
  primaryKey({ columns: [table.playlistId, table.trackId] }),
  index("cloud_playlist_tracks_order_idx").on(table.playlistId, table.position),
  index("cloud_playlist_tracks_track_idx").on(table.trackId),
]);

export const CLOUD_SYNC_MODES = ["all", "playlists"] as const;
export type CloudSyncMode = typeof CLOUD_SYNC_MODES[number];

/** What syncs to the user's devices; no row means everything (`all`). */
export const cloudSyncSettings = sqliteTable("cloud_sync_settings", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  mode: text("mode", { enum: CLOUD_SYNC_MODES }).notNull().default("all"),
});
