/**
 * @module
 * Blocking and reporting in MIXERA Connect. A block works both ways for messages (neither side can
 * write to the other) and hides each from the other's matches; only the blocker can lift it. A
 * report goes to the admins with the reason; the reporter may also block.
 */
import { and, eq, or } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { connectBlocks, type ConnectReportReason, connectReports } from "../../db/schema/connect.ts";

export async function block(db: Db, blockerId: string, blockedId: string, now: Date): Promise<void> {
  await db.insert(connectBlocks).values({ blockerId, blockedId, createdAt: now }).onConflictDoNothing();
}

export async function unblock(db: Db, blockerId: string, blockedId: string): Promise<void> {
  await db.delete(connectBlocks).where(
    and(eq(connectBlocks.blockerId, blockerId), eq(connectBlocks.blockedId, blockedId)),
  );
}

/** Who blocked whom between `a` and `b`. */
export async function blockBetween(
  db: Db,
  a: string,
  b: string,
): Promise<{ aBlockedB: boolean; bBlockedA: boolean }> {
  const rows = await db.select({ blocker: connectBlocks.blockerId }).from(connectBlocks).where(or(
    and(eq(connectBlocks.blockerId, a), eq(connectBlocks.blockedId, b)),
    and(eq(connectBlocks.blockerId, b), eq(connectBlocks.blockedId, a)),
  ));
  return { aBlockedB: rows.some((r) => r.blocker === a), bBlockedA: rows.some((r) => r.blocker === b) };
}

/** Everyone `userId` blocked or was blocked by. */
export async function blockedEitherWay(db: Db, userId: string): Promise<Set<string>> {
  const rows = await db.select().from(connectBlocks).where(
    or(eq(connectBlocks.blockerId, userId), eq(connectBlocks.blockedId, userId)),
  );
  return new Set(rows.map((row) => row.blockerId === userId ? row.blockedId : row.blockerId));
}

export const MAX_REPORT_NOTE_CHARS = 1_000;

export async function report(
  db: Db,
  reporterId: string,
  reportedId: string,
  reason: ConnectReportReason,
  note: string,
  now: Date,
): Promise<void> {
  await db.insert(connectReports).values({ reporterId, reportedId, reason, note, createdAt: now });
}
