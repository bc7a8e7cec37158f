/**
 * @module
 * Who skips the analysis queue. Every decision goes through {@link skipsQueue}, so plans can take it over
 * in one place; until then admins grant it per user ({@link setSkipsQueue}).
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { analysisPriorityUsers } from "../../db/schema/analysis.ts";

/** Whether the user's analysis jobs go before everyone else's (MIXERA Pro). */
export async function skipsQueue(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ userId: analysisPriorityUsers.userId }).from(analysisPriorityUsers)
    .where(eq(analysisPriorityUsers.userId, userId)).limit(1);
  return row !== undefined;
}

/** Grants or withdraws skipping the queue (admin action); jobs already queued keep their place. */
export async function setSkipsQueue(db: Db, userId: string, skips: boolean, now: Date): Promise<void> {
  if (skips) {
    await db.insert(analysisPriorityUsers).values({ userId, grantedAt: now }).onConflictDoNothing();
  } else {
    await db.delete(analysisPriorityUsers).where(eq(analysisPriorityUsers.userId, userId));
  }
}
