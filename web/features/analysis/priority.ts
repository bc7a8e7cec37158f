/**
 * @module
 * Who skips the analysis queue. Every decision goes through {@link skipsQueue}: a MIXERA Infinity plan
 * that includes it (Cloud Pro, ALL-IN-ONE), or an admin's grant per user ({@link setSkipsQueue}).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { analysisPriorityUsers } from "../../db/schema/analysis.ts";
import { skipsAnalysisQueue } from "../infinity/mod.ts";

/** Whether the user's analysis jobs go before everyone else's. */
export async function skipsQueue(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: analysisPriorityUsers.userId }).from(analysisPriorityUsers)
    .where(eq(analysisPriorityUsers.userId, userId)).limit(1);
  return row !== undefined || await skipsAnalysisQueue(db, userId);
}

/** Grants or withdraws skipping the queue (admin action); jobs already queued keep their place. */
export async function setSkipsQueue(db: Db, userId: string, skips: boolean, now: Date): Promise<void> {
  if (skips) {
    await db.insert(analysisPriorityUsers).values({ userId, grantedAt: now }).onConflictDoNothing();
  } else {
    await db.delete(analysisPriorityUsers).where(eq(analysisPriorityUsers.userId, userId));
  }
}
