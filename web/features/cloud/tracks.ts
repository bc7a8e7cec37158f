/** @module Single tracks of the library: look one up, delete one (its bytes leave the quota at once). */
import { and, eq } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { type CloudTrack, cloudTracks } from "../../db/schema/cloud.ts";

/** The user's track, or undefined: another user's track id is as unknown as a made-up one. */
export async function findTrack(db: Db, userId: string, trackId: string): Promise<CloudTrack | undefined> {
  const [track] = await db.select().from(cloudTracks).where(
    and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)),
  );
  return track;
}

/**
 * Deletes the user's track and then its file. The row goes first, so the quota is freed at once and a
 * crash in between leaves an unreachable file, never a track without one.
 */
export async function deleteTrack(
  { db, storage }: Pick<AppDeps, "db" | "storage">,
  userId: string,
  trackId: string,
): Promise<boolean> {
  const [deleted] = await db.delete(cloudTracks)
    .where(and(eq(cloudTracks.id, trackId), eq(cloudTracks.userId, userId)))
    .returning({ storageKey: cloudTracks.storageKey });
  if (!deleted) return false;
  await storage.delete(deleted.storageKey);
  return true;
}
