/**
 * @module
 * Slowing down repeated failures instead of locking out: the first `freeFailures` failures cost
 * nothing, after that each attempt must wait a delay that doubles with every further failure, up to
 * `maxDelayMs`. Only failures are counted, so the right answer after the wait always gets through.
 * Stored in the `rate_limits` table (count = failures, window_start = the last failure).
 */
import { sql } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { pruneRateLimits, type RateLimitResult } from "./rate_limit.ts";

export interface BackoffPolicy {
  freeFailures: number;
  /** Wait after the first failure past the free ones. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** The wait `failures` failures have earned under `policy`, in milliseconds. */
export function backoffDelayMs(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.freeFailures) return 0;
  const doublings = Math.min(failures - policy.freeFailures, 30);
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** doublings);
}

/** Whether an attempt against `key` may go ahead now; counts nothing. */
export async function checkBackoff(
  db: Db,
  key: string,
  policy: BackoffPolicy,
  now: Date,
): Promise<RateLimitResult> {
  const [row] = await db.all<{ count: number; window_start: number }>(
    sql`SELECT count, window_start FROM rate_limits WHERE key = ${key}`,
  );
  if (!row) return { allowed: true, retryAfterSec: 0 };
  const waitUntil = row.window_start + backoffDelayMs(row.count, policy);
  const nowMs = now.getTime();
  if (nowMs >= waitUntil) return { allowed: true, retryAfterSec: 0 };
  return { allowed: false, retryAfterSec: Math.max(1, Math.ceil((waitUntil - nowMs) / 1000)) };
}

/** Counts one failure against `key`. */
export async function recordFailure(db: Db, key: string, now: Date): Promise<void> {
  const nowMs = now.getTime();
  await pruneRateLimits(db, nowMs);
  await db.run(sql`
    INSERT INTO rate_limits (key, window_start, count) VALUES (${key}, ${nowMs}, 1)
    ON CONFLICT (key) DO UPDATE SET count = count + 1, window_start = ${nowMs}`);
}
