/**
 * @module
 * A user's playlists: create, rename, delete, and an ordered list of their own tracks. Every call takes
 * the user id and touches only that user's playlists and tracks, so another user's ids behave exactly
 * like made-up ones (undefined / false).
 */
import { and, asc, count, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { type CloudPlaylist, cloudPlaylists, cloudPlaylistTracks } from "../../db/schema/cloud_library.ts";

export const MAX_PLAYLIST_NAME = 100;
export const MAX_PLAYLISTS = 500;
export const MAX_PLAYLIST_TRACKS = 2_000;

export class PlaylistLimitError extends Error {
  override name = "PlaylistLimitError";
}

export interface PlaylistSummary {
  id: string;
  name: string;
  syncToDevices: boolean;
  trackCount: number;
}

/** The user's playlists with their track counts, oldest first. */
export async function listPlaylists(db: Db, userId: string): Promise<PlaylistSummary[]> {
  return await db.select({
    id: cloudPlaylists.id,
    name: cloudPlaylists.name,
    syncToDevices: cloudPlaylists.syncToDevices,
    trackCount: sql<number>`(SELECT count(*) FROM ${cloudPlaylistTracks}
      WHERE ${cloudPlaylistTracks.playlistId} = ${cloudPlaylists.id})`,
  }).from(cloudPlaylists).where(eq(cloudPlaylists.userId, userId))
    .orderBy(asc(cloudPlaylists.createdAt), asc(cloudPlaylists.id));
}

export async function findPlaylist(
  db: Db,
  userId: string,
  playlistId: string,
): Promise<CloudPlaylist | undefined> {
  const [row] = await db.select().from(cloudPlaylists)
    .where(and(eq(cloudPlaylists.id, playlistId), eq(cloudPlaylists.userId, userId)));
  return row;
}

function cleanName(name: string): string {
  const trimmed = name.trim().replace(/\s+/g, " ");
  if (!trimmed || trimmed.length > MAX_PLAYLIST_NAME) {
    throw new RangeError(`a playlist name has 1 to ${MAX_PLAYLIST_NAME} characters`);
  }
  return trimmed;
}

/**
 * Creates a playlist, optionally filled with `trackIds` in that order (ids that are not the user's
 * are left out). Throws RangeError for a bad name, PlaylistLimitError past {@link MAX_PLAYLISTS}.
 */
export async function createPlaylist(
  db: Db,
  userId: string,
  name: string,
  trackIds: string[] = [],
): Promise<CloudPlaylist> {
  const clean = cleanName(name);
  const [{ total }] = await db.select({ total: count() }).from(cloudPlaylists)
    .where(eq(cloudPlaylists.userId, userId));
  if (total >= MAX_PLAYLISTS) throw new PlaylistLimitError(`at most ${MAX_PLAYLISTS} playlists`);
  const [playlist] = await db.insert(cloudPlaylists)
    .values({ id: crypto.randomUUID(), userId, name: clean, createdAt: new Date() })
    .returning();
  if (trackIds.length) await setPlaylistOrder(db, userId, playlist.id, trackIds);
  return playlist;
}

export async function renamePlaylist(
  db: Db,
  userId: string,
  playlistId: string,
  name: string,
): Promise<boolean> {
  const clean = cleanName(name);
  const updated = await db.update(cloudPlaylists).set({ name: clean })
    .where(and(eq(cloudPlaylists.id, playlistId), eq(cloudPlaylists.userId, userId)))
    .returning({ id: cloudPlaylists.id });
  return updated.length === 1;
}

export async function deletePlaylist(db: Db, userId: string, playlistId: string): Promise<boolean> {
  const deleted = await db.delete(cloudPlaylists)
    .where(and(eq(cloudPlaylists.id, playlistId), eq(cloudPlaylists.userId, userId)))
    .returning({ id: cloudPlaylists.id });
  return deleted.length === 1;
}

/** The playlist's track ids in order. */
export async function playlistTrackIds(db: Db, playlistId: string): Promise<string[]> {
  const rows = await db.select({ trackId: cloudPlaylistTracks.trackId }).from(cloudPlaylistTracks)
    .where(eq(cloudPlaylistTracks.playlistId, playlistId)).orderBy(asc(cloudPlaylistTracks.position));
  return rows.map((row) => row.trackId);
}

/** Of `trackIds`, the ones that are the user's tracks (order kept, repeats dropped). */
async function ownTrackIds(db: Db, userId: string, trackIds: string[]): Promise<string[]> {
  const unique = [...new Set(trackIds)];
  if (unique.length === 0) return [];
  const owned = new Set<string>();
  for (let at = 0; at < unique.length; at += 500) {
    const rows = await db.select({ id: cloudTracks.id }).from(cloudTracks)
      .where(and(eq(cloudTracks.userId, userId), inArray(cloudTracks.id, unique.slice(at, at + 500))));
    for (const row of rows) owned.add(row.id);
  }
  return unique.filter((id) => owned.has(id));
}

/**
 * Replaces the playlist's tracks with `trackIds` in that order, keeping only the user's own tracks.
 * False when the playlist is not the user's. One batch, so a reader never sees half an order.
 */
export async function setPlaylistOrder(
  db: Db,
  userId: string,
  playlistId: string,
  trackIds: string[],
): Promise<boolean> {
  if (!(await findPlaylist(db, userId, playlistId))) return false;
  const ids = await ownTrackIds(db, userId, trackIds);
  if (ids.length > MAX_PLAYLIST_TRACKS) {
    throw new PlaylistLimitError(`at most ${MAX_PLAYLIST_TRACKS} tracks per playlist`);
  }
  const remove = db.delete(cloudPlaylistTracks).where(eq(cloudPlaylistTracks.playlistId, playlistId));
  if (ids.length === 0) {
    await remove;
    return true;
  }
  await db.batch([
    remove,
    db.insert(cloudPlaylistTracks).values(
      ids.map((trackId, position) => ({ playlistId, trackId, position })),
    ),
  ]);
  return true;
}

/** Appends the user's track to the playlist (a track already in it stays where it is). */
export async function addTrackToPlaylist(
  db: Db,
  userId: string,
  playlistId: string,
  trackId: string,
): Promise<boolean> {
  if (!(await findPlaylist(db, userId, playlistId))) return false;
  if ((await ownTrackIds(db, userId, [trackId])).length === 0) return false;
  const current = await playlistTrackIds(db, playlistId);
  if (current.includes(trackId)) return true;
  return await setPlaylistOrder(db, userId, playlistId, [...current, trackId]);
}

export async function removeTrackFromPlaylist(
  db: Db,
  userId: string,
  playlistId: string,
  trackId: string,
): Promise<boolean> {
  if (!(await findPlaylist(db, userId, playlistId))) return false;
  const current = await playlistTrackIds(db, playlistId);
  if (!current.includes(trackId)) return false;
  return await setPlaylistOrder(db, userId, playlistId, current.filter((id) => id !== trackId));
}

/** Moves a track one place up (-1) or down (+1); false when it is not in the user's playlist. */
export async function moveTrackInPlaylist(
  db: Db,
  userId: string,
  playlistId: string,
  trackId: string,
  step: -1 | 1,
): Promise<boolean> {
  if (!(await findPlaylist(db, userId, playlistId))) return false;
  const order = await playlistTrackIds(db, playlistId);
  const at = order.indexOf(trackId);
  if (at < 0) return false;
  const to = at + step;
  if (to < 0 || to >= order.length) return true;
  [order[at], order[to]] = [order[to], order[at]];
  return await setPlaylistOrder(db, userId, playlistId, order);
}

export async function setPlaylistSynced(
  db: Db,
  userId: string,
  playlistId: string,
  synced: boolean,
): Promise<boolean> {
  const updated = await db.update(cloudPlaylists).set({ syncToDevices: synced })
    .where(and(eq(cloudPlaylists.id, playlistId), eq(cloudPlaylists.userId, userId)))
    .returning({ id: cloudPlaylists.id });
  return updated.length === 1;
}
