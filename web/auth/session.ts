/**
 * @module
 * Browser sessions, in the style of Lucia's session guide: the whole mechanism in one file.
 *
 * A token is `id.secret`. The id finds the row; only SHA-256(secret) is stored and it is compared in
 * constant time, so neither a database leak nor a timing probe yields a usable token. A session expires
 * after 10 days without use; use pushes the expiry forward, but at most once an hour, so most requests
 * cost one read and no write.
 */
import { and, eq, lte, ne, sql } from "drizzle-orm";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../context.ts";
import type { Db } from "../db/client.ts";
import { type Session, sessions } from "../db/schema/sessions.ts";
import { type User, users } from "../db/schema/users.ts";
import { hashSecret, randomSecret, secretsEqual } from "./secrets.ts";

export const SESSION_COOKIE = "mixera_session";
export const SESSION_IDLE_MS = 10 * 24 * 60 * 60 * 1000;
export const SESSION_EXTEND_EVERY_MS = 60 * 60 * 1000;

export interface SessionOrigin {
  userAgent: string;
  ip: string;
}

/** Starts a new session for `userId` and returns the row and the token to put in the cookie. */
export async function createSession(
  db: Db,
  userId: string,
  origin: SessionOrigin,
  now: Date,
): Promise<{ session: Session; token: string }> {
  const id = randomSecret(15);
  const secret = randomSecret(20);
  const session: Session = {
    id,
    userId,
    secretHash: hashSecret(secret),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_IDLE_MS),
    userAgent: origin.userAgent.slice(0, 512),
    ip: origin.ip.slice(0, 64),
  };
  // Expired rows are otherwise only removed when their token comes back; sign-in is a cheap moment to tidy up.
  await db.delete(sessions).where(and(eq(sessions.userId, userId), lte(sessions.expiresAt, now)));
  await db.insert(sessions).values(session);
  return { session, token: `${id}.${secret}` };
}

/** Runs on every signed-in request, so its SQL is built once per database instead of per call. */
function prepareSessionLookup(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sql.placeholder("id")))
    .prepare();
}
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>();
function sessionLookup(db: Db) {
  let lookup = sessionLookups.get(db);
  if (!lookup) sessionLookups.set(db, lookup = prepareSessionLookup(db));
  return lookup;
}

/**
 * Resolves a token to its session and user, or null when the token is malformed, unknown, wrong,
 * expired, or belongs to a disabled account. Extends the session when it was last extended over an hour ago.
 */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: Date,
): Promise<{ session: Session; user: User } | null> {
  const [id, secret, extra] = token.split(".");
  if (!id || !secret || extra !== undefined || token.length > 200) return null;
  const [row] = await sessionLookup(db).all({ id });
  if (!row || !secretsEqual(hashSecret(secret), row.session.secretHash)) return null;
  const { session, user } = row;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await invalidateSession(db, session.id);
    return null;
  }
  if (user.disabledAt) return null;
  if (now.getTime() - session.lastSeenAt.getTime() >= SESSION_EXTEND_EVERY_MS) {
    session.lastSeenAt = now;
    session.expiresAt = new Date(now.getTime() + SESSION_IDLE_MS);
    await db
      .update(sessions)
      .set({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt })
      .where(eq(sessions.id, session.id));
  }
  return { session, user };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends one session of `userId`; returns false when no such session belongs to that user. */
export async function invalidateUserSession(db: Db, userId: string, sessionId: string): Promise<boolean> {
  const deleted = await db
    .delete(sessions)
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .returning({ id: sessions.id });
  return deleted.length > 0;
}

/** Ends every session of `userId`, except `keepSessionId` when given. */
export async function invalidateAllSessions(db: Db, userId: string, keepSessionId?: string): Promise<void> {
  await db
    .delete(sessions)
    .where(
      keepSessionId
        ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId))
        : eq(sessions.userId, userId),
    );
}

/** The Security page lists sessions on every render; like the lookup, its SQL is built once per database. */
function prepareSessionList(db: Db) {
  return db.select().from(sessions).where(eq(sessions.userId, sql.placeholder("userId"))).prepare();
}
const sessionLists = new WeakMap<Db, ReturnType<typeof prepareSessionList>>();

/** The live sessions of a user, most recently used first. */
export async function listSessions(db: Db, userId: string, now: Date): Promise<Session[]> {
  let list = sessionLists.get(db);
  if (!list) sessionLists.set(db, list = prepareSessionList(db));
  const rows = await list.all({ userId });
  return rows
    .filter((session) => session.expiresAt.getTime() > now.getTime())
    .sort((a, b) => b.lastSeenAt.getTime() - a.lastSeenAt.getTime());
}

/**
 * Whether the portal is served over https, decided by PUBLIC_URL alone. A request's own scheme or an
 * `X-Forwarded-Proto` header could be chosen by whoever sends it, so neither is consulted.
 */
export function servesHttps<E extends AppEnv>(c: Context<E>): boolean {
  return c.var.deps.config.publicUrl.startsWith("https:");
}

/**
 * The session cookie's name: over https it carries the `__Host-` prefix, which browsers accept only
 * with `Secure`, `Path=/` and no `Domain`, so a sibling subdomain or a plain-http page cannot plant it.
 */
export function sessionCookieName<E extends AppEnv>(c: Context<E>): string {
  return servesHttps(c) ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE;
}

export function setSessionCookie<E extends AppEnv>(c: Context<E>, token: string, expiresAt: Date): void {
  setCookie(c, sessionCookieName(c), token, {
    httpOnly: true,
    sameSite: "Lax",
    secure: servesHttps(c),
    path: "/",
    expires: expiresAt,
  });
}

export function readSessionCookie<E extends AppEnv>(c: Context<E>): string | undefined {
  return getCookie(c, sessionCookieName(c));
}

export function deleteSessionCookie<E extends AppEnv>(c: Context<E>): void {
  deleteCookie(c, sessionCookieName(c), {
    path: "/",
    secure: servesHttps(c),
    httpOnly: true,
    sameSite: "Lax",
  });
}
