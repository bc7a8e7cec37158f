/**
 * @module
 * Whether a DJ takes part in MIXERA Connect: only opted-in DJs have their profile shown to others,
 * appear as matches, and can send or receive messages. No row means "not opted in".
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { connectOptIns } from "../../db/schema/connect.ts";
import { users } from "../../db/schema/users.ts";

/** At most this many opted-in DJs are compared when matches are computed. */
export const MAX_MATCH_CANDIDATES = 500;

export async function isOptedIn(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ on: connectOptIns.optedIn }).from(connectOptIns)
    .where(eq(connectOptIns.userId, userId));
  return row?.on ?? false;
}

export async function setOptIn(db: Db, userId: string, optedIn: boolean, now: Date): Promise<void> {
  await db.insert(connectOptIns).values({ userId, optedIn, updatedAt: now })
    .onConflictDoUpdate({ target: connectOptIns.userId, set: { optedIn, updatedAt: now } });
}

export interface ConnectPerson {
  id: string;
  mixeraId: string;
  displayName: string;
}

/** Opted-in DJs whose accounts are active, newest choice first. */
export function optedInPeople(db: Db, limit = MAX_MATCH_CANDIDATES): Promise<ConnectPerson[]> {
  return db.select({ id: users.id, mixeraId: users.mixeraId, displayName: users.displayName })
    .from(connectOptIns).innerJoin(users, eq(users.id, connectOptIns.userId))
    .where(and(eq(connectOptIns.optedIn, true), isNull(users.disabledAt)))
    .orderBy(desc(connectOptIns.updatedAt)).limit(limit);
}

/** The person behind a Mixera ID, whether or not they opted in. */
export async function personByMixeraId(db: Db, mixeraId: string): Promise<ConnectPerson | undefined> {
  if (!/^MXR-[A-Z0-9]{8}$/.test(mixeraId)) return undefined;
  const [row] = await db.select({ id: users.id, mixeraId: users.mixeraId, displayName: users.displayName })
    .from(users).where(and(eq(users.mixeraId, mixeraId), isNull(users.disabledAt)));
  return row;
}
