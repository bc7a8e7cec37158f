/**
 * @module
 * Messages between two DJs in MIXERA Connect. Both must have opted in and neither may have blocked the
 * other; a message is plain text of at most {@link MAX_MESSAGE_CHARS} characters (escaped wherever it
 * is shown). A thread is always read as "the signed-in user and one other person": there is no way to
 * name a message or a pair the reader is not part of.
 */
import { and, asc, count, desc, eq, gt, isNull, or, sql } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import type { Db } from "../../db/client.ts";
import { type ConnectMessage, connectMessages } from "../../db/schema/connect.ts";
import { blockBetween } from "./blocks.ts";
import { type ConnectPerson, isOptedIn } from "./opt_in.ts";

export const MAX_MESSAGE_CHARS = 1_000;
/** Messages a thread shows (the newest). */
export const THREAD_LENGTH = 100;

export type SendRefusal =
  | "self"
  | "empty"
  | "too_long"
  | "not_opted_in"
  | "recipient_not_opted_in"
  | "you_blocked"
  | "blocked";

export const REFUSAL_MESSAGES: Record<SendRefusal, string> = {
  self: "You cannot message yourself.",
  empty: "Type a message first.",
  too_long: `A message can be at most ${MAX_MESSAGE_CHARS} characters long.`,
  not_opted_in: "Turn on your MIXERA Connect profile to message other DJs.",
  recipient_not_opted_in: "This DJ is not on MIXERA Connect.",
  you_blocked: "You blocked this DJ. Unblock them to write again.",
  blocked: "This DJ does not accept messages from you.",
};

/** Why `senderId` may not write to `recipientId` right now, or undefined when they may. */
export async function refusalFor(
  db: Db,
  senderId: string,
  recipientId: string,
): Promise<SendRefusal | undefined> {
  if (senderId === recipientId) return "self";
  const [senderIn, recipientIn, blocks] = await Promise.all([
    isOptedIn(db, senderId),
    isOptedIn(db, recipientId),
    blockBetween(db, senderId, recipientId),
  ]);
  if (!senderIn) return "not_opted_in";
  if (blocks.aBlockedB) return "you_blocked";
  if (blocks.bBlockedA) return "blocked";
  if (!recipientIn) return "recipient_not_opted_in";
  return undefined;
}

export type SendResult = { ok: true; message: ConnectMessage } | { ok: false; refusal: SendRefusal };

export async function sendMessage(
  db: Db,
  senderId: string,
  recipientId: string,
  text: string,
  now: Date,
): Promise<SendResult> {
  const body = text.trim();
  if (body.length === 0) return { ok: false, refusal: "empty" };
  if (body.length > MAX_MESSAGE_CHARS) return { ok: false, refusal: "too_long" };
  const refusal = await refusalFor(db, senderId, recipientId);
  if (refusal) return { ok: false, refusal };
  const [message] = await db.insert(connectMessages).values({ senderId, recipientId, body, createdAt: now })
    .returning();
  return { ok: true, message };
}

function pair(me: string, other: string) {
  return or(
    and(eq(connectMessages.senderId, me), eq(connectMessages.recipientId, other)),
    and(eq(connectMessages.senderId, other), eq(connectMessages.recipientId, me)),
  );
}

/** The newest THREAD_LENGTH messages between `me` and `other`, oldest first. */
export async function listThread(db: Db, me: string, other: string): Promise<ConnectMessage[]> {
  const rows = await db.select().from(connectMessages).where(pair(me, other))
    .orderBy(desc(connectMessages.id)).limit(THREAD_LENGTH);
  return rows.reverse();
}

/** Messages in the thread newer than `afterId`, oldest first. */
export function threadSince(db: Db, me: string, other: string, afterId: number): Promise<ConnectMessage[]> {
  return db.select().from(connectMessages).where(and(pair(me, other), gt(connectMessages.id, afterId)))
    .orderBy(asc(connectMessages.id)).limit(THREAD_LENGTH);
}

/** Marks what `other` sent to `me` as read. */
export async function markRead(db: Db, me: string, other: string, now: Date): Promise<void> {
  await db.update(connectMessages).set({ readAt: now }).where(and(
    eq(connectMessages.senderId, other),
    eq(connectMessages.recipientId, me),
    isNull(connectMessages.readAt),
  ));
}

/** Unread messages to `me`, by sender id. */
export async function unreadBySender(db: Db, me: string): Promise<Map<string, number>> {
  const rows = await db.select({ sender: connectMessages.senderId, unread: count() }).from(connectMessages)
    .where(and(eq(connectMessages.recipientId, me), isNull(connectMessages.readAt)))
    .groupBy(connectMessages.senderId);
  return new Map(rows.map((row) => [row.sender, row.unread]));
}

/** Everyone `me` has exchanged messages with (active accounts), most recent conversation first. */
export async function conversationPartners(db: Db, me: string, limit = 50): Promise<ConnectPerson[]> {
  const other = sql<
    string
  >`CASE WHEN ${connectMessages.senderId} = ${me} THEN ${connectMessages.recipientId} ELSE ${connectMessages.senderId} END`;
  const threads = db.select({
    otherId: other.as("other_id"),
    lastId: sql<number>`max(${connectMessages.id})`.as("last_id"),
  })
    .from(connectMessages)
    .where(or(eq(connectMessages.senderId, me), eq(connectMessages.recipientId, me)))
    .groupBy(other)
    .as("threads");
  return await db.select({ id: users.id, mixeraId: users.mixeraId, displayName: users.displayName })
    .from(threads).innerJoin(users, eq(users.id, threads.otherId))
    .where(isNull(users.disabledAt))
    .orderBy(desc(threads.lastId)).limit(limit);
}
