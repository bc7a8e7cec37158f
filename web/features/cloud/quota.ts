/**
 * @module
 * How much a user may store in the cloud library and how much they use. Stored tracks count with their
 * size; uploads still running count with their declared length, reserved when they start, so a burst of
 * parallel uploads can never add up past the quota.
 */
import { eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { cloudQuotas, cloudTracks, cloudUploads } from "../../db/schema/cloud.ts";
import { addStoredBytesSource, cloudQuotaBytes } from "../infinity/mod.ts";

/** Every account's storage unless its plan says otherwise (the Infinity catalogue's included 2 GB). */
export { DEFAULT_CLOUD_QUOTA_BYTES } from "../infinity/mod.ts";

/**
 * The user's quota in bytes: the one place the library asks. A per-user quota set here wins; otherwise
 * the user's MIXERA Infinity storage plan decides (2 GB without one).
 *
 * @example
 * const quota = await cloudQuotaFor(db, user.id); // 2147483648 by default
 */
export async function cloudQuotaFor(db: Db, userId: string): Promise<number> {
  const [row] = await db.select({ bytes: cloudQuotas.quotaBytes }).from(cloudQuotas).where(
    eq(cloudQuotas.userId, userId),
  );
  return row?.bytes ?? await cloudQuotaBytes(db, userId);
}

/** Sets a per-user quota that overrides the plan's (admins, tests). */
export async function setCloudQuota(db: Db, userId: string, quotaBytes: number): Promise<void> {
  await db.insert(cloudQuotas).values({ userId, quotaBytes }).onConflictDoUpdate({
    target: cloudQuotas.userId,
    set: { quotaBytes },
  });
}

export interface StorageUsage {
  /** Bytes of stored tracks. */
  usedBytes: number;
  /** Bytes reserved by uploads still in progress. */
  reservedBytes: number;
  quotaBytes: number;
}

export async function storageUsage(db: Db, userId: string): Promise<StorageUsage> {
  const [row] = await db.select({
    used: sql<
      number
    >`(SELECT COALESCE(SUM(${cloudTracks.sizeBytes}), 0) FROM ${cloudTracks} WHERE ${cloudTracks.userId} = ${userId})`,
    reserved: sql<
      number
    >`(SELECT COALESCE(SUM(${cloudUploads.lengthBytes}), 0) FROM ${cloudUploads} WHERE ${cloudUploads.userId} = ${userId})`,
  }).from(sql`(SELECT 1)`);
  return {
    usedBytes: Number(row.used),
    reservedBytes: Number(row.reserved),
    quotaBytes: await cloudQuotaFor(db, userId),
  };
}

// Infinity refuses a plan change that would leave less storage than the library holds (tracks and
// uploads in progress alike).
addStoredBytesSource(async ({ db }, userId) => {
  const usage = await storageUsage(db, userId);
  return usage.usedBytes + usage.reservedBytes;
});
