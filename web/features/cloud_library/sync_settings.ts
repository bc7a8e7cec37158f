/**
 * @module
 * What syncs to the user's devices: every track, or the tracks of the playlists they chose. Stored per
 * user; no row means everything. {@link tracksToSync} and {@link syncedTracksFilter} are what the
 * device side asks.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import {
  cloudPlaylists,
  cloudPlaylistTracks,
  type CloudSyncMode,
  cloudSyncSettings,
} from "../../db/schema/cloud_library.ts";

export async function syncMode(db: Db, userId: string): Promise<CloudSyncMode> {
  const [row] = await db.select({ mode: cloudSyncSettings.mode }).from(cloudSyncSettings)
    .where(eq(cloudSyncSettings.userId, userId));
  return row?.mode ?? "all";
}

export async function setSyncMode(db: Db, userId: string, mode: CloudSyncMode): Promise<void> {
  await db.insert(cloudSyncSettings).values({ userId, mode })
    .onConflictDoUpdate({ target: cloudSyncSettings.userId, set: { mode } });
}

/**
 * A condition on `cloud_tracks` that holds for the user's tracks that sync to devices under the current
 * setting, for queries that filter, order and page them in SQL.
 */
export async function syncedTracksFilter(db: Db, userId: string): Promise<SQL> {
  const owned = eq(cloudTracks.userId, userId);
  if ((await syncMode(db, userId)) === "all") return owned;
  const chosen = db.select({ id: cloudPlaylistTracks.trackId }).from(cloudPlaylistTracks)
    .innerJoin(cloudPlaylists, eq(cloudPlaylists.id, cloudPlaylistTracks.playlistId))
    .where(and(eq(cloudPlaylists.userId, userId), sql`${cloudPlaylists.syncToDevices} = 1`));
  return and(owned, inArray(cloudTracks.id, chosen))!;
}

/** The ids of the user's tracks that sync to devices under the current setting. */
export async function tracksToSync(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ id: cloudTracks.id }).from(cloudTracks)
    .where(await syncedTracksFilter(db, userId));
  return rows.map((row) => row.id);
}
