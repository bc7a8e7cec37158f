/**
 * @module
 * Fixed-window rate limits stored in the database, so they hold across portal instances. One SQL
 * statement counts the attempt and opens a new window when the old one ran out, so concurrent
 * requests cannot both slip under the limit.
 */
import { sql } from "drizzle-orm";
import type { InStatement } from "@libsql/client";
import type { Db } from "../db/client.ts";

export interface RateLimit {
  /** Attempts allowed per window. */
  limit: number;
  /** At most {@link MAX_WINDOW_MS}. */
  windowMs: number;
}

/** Counters idle for this long are deleted, so no window may be longer. */
export const MAX_WINDOW_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;
const lastPruned = new WeakMap<Db, number>();

/** Deletes counters whose window ended long ago; each portal instance does it at most hourly. */
export async function pruneRateLimits(db: Db, nowMs: number): Promise<void> {
  if (nowMs - (lastPruned.get(db) ?? -Infinity) < PRUNE_EVERY_MS) return;
  lastPruned.set(db, nowMs);
  await db.run(sql`DELETE FROM rate_limits WHERE window_start < ${nowMs - MAX_WINDOW_MS}`);
}

export interface RateLimitResult {
  allowed: boolean;
  /** Seconds until the window resets (0 when allowed). */
  retryAfterSec: number;
}

/**
 * Counts one attempt against `key` and says whether it is within the limit.
 *
 * @example
 * ```ts
 * const { allowed, retryAfterSec } = await consumeRateLimit(db, `signin:ip:${ip}`, { limit: 20, windowMs: 900_000 }, now);
 * ```
 */
export async function consumeRateLimit(
  db: Db,
  key: string,
  { limit, windowMs }: RateLimit,
  now: Date,
): Promise<RateLimitResult> {
  const statement = countAttemptStatement(key, { limit, windowMs }, now);
  const nowMs = now.getTime();
  await pruneRateLimits(db, nowMs);
  const [row] = (await db.$client.execute(statement)).rows;
  const count = Number(row.count);
  const windowStart = Number(row.window_start);
  if (count <= limit) return { allowed: true, retryAfterSec: 0 };
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((windowStart + windowMs - nowMs) / 1000)) };
}

/**
 * The statement that counts one attempt against `key` (opening a new window when the old one ran out)
 * and returns `count` and `window_start`, for callers that run it inside their own write batch and
 * make their other statements depend on the count.
 */
export function countAttemptStatement(key: string, { windowMs }: RateLimit, now: Date): InStatement {
  if (windowMs > MAX_WINDOW_MS) {
    throw new RangeError(`Rate limit window ${windowMs} ms exceeds ${MAX_WINDOW_MS} ms`);
  }
  const nowMs = now.getTime();
  const expiredBefore = nowMs - windowMs;
  return {
    sql: `INSERT INTO rate_limits (key, window_start, count) VALUES (?, ?, 1)
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN window_start <= ? THEN 1 ELSE count + 1 END,
      window_start = CASE WHEN window_start <= ? THEN ? ELSE window_start END
    RETURNING count, window_start`,
    args: [key, nowMs, expiredBefore, expiredBefore, nowMs],
  };
}

/** Forgets the attempts counted against `key` (after a successful sign-in, for instance). */
export async function resetRateLimit(db: Db, key: string): Promise<void> {
  await db.run(sql`DELETE FROM rate_limits WHERE key = ${key}`);
}
