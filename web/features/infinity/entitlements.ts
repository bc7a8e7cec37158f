/**
 * @module What a user's active subscriptions give them, for the features that enforce it: the cloud
 * quota (2 GB without a plan) and whether their uploads skip the analysis queue.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type InfinitySubscription, infinitySubscriptions } from "../../db/schema/infinity.ts";
import { DEFAULT_CLOUD_QUOTA_BYTES } from "./catalog.ts";

export async function activeSubscriptions(db: Db, userId: string): Promise<InfinitySubscription[]> {
  return await db.select().from(infinitySubscriptions).where(
    and(eq(infinitySubscriptions.userId, userId), eq(infinitySubscriptions.status, "active")),
  ).orderBy(infinitySubscriptions.startedAt);
}

/** The quota these subscriptions give: the largest plan's storage, never less than the included 2 GB. */
export function quotaOf(subscriptions: readonly Pick<InfinitySubscription, "storageBytes">[]): number {
  return Math.max(DEFAULT_CLOUD_QUOTA_BYTES, ...subscriptions.map((s) => s.storageBytes ?? 0));
}

/**
 * Bytes of cloud storage the user may fill.
 *
 * @example
 * if (stored + upload.size > await cloudQuotaBytes(db, user.id)) return quotaExceeded(c);
 */
export async function cloudQuotaBytes(db: Db, userId: string): Promise<number> {
  return quotaOf(await activeSubscriptions(db, userId));
}

/**
 * True when the user's tracks are analysed ahead of the queue (Cloud Pro or ALL-IN-ONE).
 *
 * @example
 * const priority = await skipsAnalysisQueue(db, user.id) ? 0 : 1;
 */
export async function skipsAnalysisQueue(db: Db, userId: string): Promise<boolean> {
  return (await activeSubscriptions(db, userId)).some((s) => s.skipsAnalysisQueue);
}
