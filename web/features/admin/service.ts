/** @module What the admin area does with accounts: search them, disable and re-enable them, grant the role. */
import { count, desc, eq, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../../db/client.ts";
import { containsPattern } from "../../db/like_pattern.ts";
import { type User, users } from "../../db/schema/users.ts";
import { invalidateAllSessions } from "../../auth/session.ts";
import { revokeAllOAuthAccessOfUser } from "../oauth/mod.ts";

export const USERS_PER_PAGE = 50;

/**
 * Users whose email, display name or Mixera ID contains `query` (case-insensitively), newest first.
 *
 * @example
 * const { users, total } = await searchUsers(db, "mxr-ab", 1);
 */
export async function searchUsers(
  db: Db,
  query: string,
  page: number,
): Promise<{ users: User[]; total: number }> {
  const pattern = containsPattern(query.trim().toLowerCase());
  const escaped = (column: SQLiteColumn) => sql`lower(${column}) LIKE ${pattern} ESCAPE '\\'`;
  const where = query.trim()
    ? or(escaped(users.email), escaped(users.displayName), escaped(users.mixeraId))
    : undefined;
  const [{ total }] = await db.select({ total: count() }).from(users).where(where);
  const rows = await db
    .select()
    .from(users)
    .where(where)
    .orderBy(desc(users.createdAt), users.email)
    .limit(USERS_PER_PAGE)
    .offset((page - 1) * USERS_PER_PAGE);
  return { users: rows, total };
}

export async function findUserById(db: Db, id: string): Promise<User | undefined> {
  const [user] = await db.select().from(users).where(eq(users.id, id));
  return user;
}

/** Disables an account and ends all its sessions and OAuth grants, so re-enabling revives none of them. */
export async function disableAccount(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(users).set({ disabledAt: now }).where(eq(users.id, userId));
  await invalidateAllSessions(db, userId);
  await revokeAllOAuthAccessOfUser(db, userId, now);
}

export async function enableAccount(db: Db, userId: string): Promise<void> {
  await db.update(users).set({ disabledAt: null }).where(eq(users.id, userId));
}

export type GrantResult = "granted" | "already_admin" | "no_such_user";

/** Gives the admin role to the account with this email (trimmed and lower-cased first, as at sign-up). */
export async function grantAdmin(db: Db, email: string): Promise<GrantResult> {
  const [user] = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase()));
  if (!user) return "no_such_user";
  if (user.role === "admin") return "already_admin";
  await db.update(users).set({ role: "admin" }).where(eq(users.id, user.id));
  return "granted";
}
