/**
 * @module The profile's data: display name and picture. Pictures are stored under a fresh random key
 * on every upload, so a cached copy of an old picture can never be served for a new one.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { type User, users } from "../../db/schema/users.ts";
import { randomSecret } from "../../auth/secrets.ts";
import type { ProfilePicture } from "./picture.ts";

export async function updateDisplayName(db: Db, userId: string, displayName: string): Promise<void> {
  await db.update(users).set({ displayName }).where(eq(users.id, userId));
}

/** Stores a normalised picture and points the user at it; the previous file is removed afterwards. */
export async function replaceProfilePicture(
  { db, storage }: Pick<AppDeps, "db" | "storage">,
  user: User,
  picture: ProfilePicture,
): Promise<void> {
  const key = `profile-pictures/${user.id}/${randomSecret(12)}.webp`;
  await storage.put(key, picture.bytes);
  await db
    .update(users)
    .set({ profilePictureKey: key, profilePictureType: picture.contentType })
    .where(eq(users.id, user.id));
  if (user.profilePictureKey) await storage.delete(user.profilePictureKey);
}

export async function removeProfilePicture(
  { db, storage }: Pick<AppDeps, "db" | "storage">,
  user: User,
): Promise<void> {
  if (!user.profilePictureKey) return;
  await db
    .update(users)
    .set({ profilePictureKey: null, profilePictureType: null })
    .where(eq(users.id, user.id));
  await storage.delete(user.profilePictureKey);
}

/** The picture of the (enabled) account with this Mixera ID, or null. */
export async function readPictureByMixeraId(
  { db, storage }: Pick<AppDeps, "db" | "storage">,
  mixeraId: string,
): Promise<{ bytes: Uint8Array; contentType: string; key: string } | null> {
  const [row] = await db
    .select({ key: users.profilePictureKey, contentType: users.profilePictureType })
    .from(users)
    .where(and(eq(users.mixeraId, mixeraId), isNull(users.disabledAt)));
  if (!row?.key || !row.contentType) return null;
  const bytes = await storage.get(row.key);
  return bytes ? { bytes, contentType: row.contentType, key: row.key } : null;
}
