/**
 * @module
 * How many bytes a user stores with the portal, summed over every feature that stores files. Today
 * that is the profile picture; the cloud library adds its own source with `addStoredBytesSource`,
 * so quota checks (no downgrade below what is stored) count its tracks without this room changing.
 */
import { eq } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import { users } from "../../db/schema/users.ts";

export type StoredBytesDeps = Pick<AppDeps, "db" | "storage">;

/** Bytes one feature stores for `userId`. */
export type StoredBytesSource = (deps: StoredBytesDeps, userId: string) => Promise<number>;

/** The profile picture, as the storage holds it. */
export const profilePictureBytes: StoredBytesSource = async ({ db, storage }, userId) => {
  const [user] = await db.select({ key: users.profilePictureKey }).from(users).where(eq(users.id, userId));
  if (!user?.key) return 0;
  return (await storage.get(user.key))?.byteLength ?? 0;
};

const sources: StoredBytesSource[] = [profilePictureBytes];

/**
 * Counts another feature's files in every quota check. Call it at the top level of that feature's
 * module, as with `declareUserData`.
 *
 * @example
 * addStoredBytesSource(async ({ db }, userId) => sumTrackBytes(db, userId));
 */
export function addStoredBytesSource(source: StoredBytesSource): void {
  if (!sources.includes(source)) sources.push(source);
}

/** Every byte `userId` stores, over all registered sources. */
export async function storedBytes(deps: StoredBytesDeps, userId: string): Promise<number> {
  const counts = await Promise.all(sources.map((source) => source(deps, userId)));
  return counts.reduce((sum, count) => sum + count, 0);
}
