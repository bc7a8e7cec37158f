/**
 * @module
 * DJ Stats for one user: the real stats when their controllers have sent telemetry, otherwise the
 * labelled demo dataset. Computed stats are kept per database until a newer batch arrives.
 */
import type { Db } from "../../db/client.ts";
import { StatsCache } from "./cache.ts";
import { demoHistory } from "./demo.ts";
import { computeDjStats, type DjStats } from "./model.ts";
import { newestBatchAt, readHistory } from "./source.ts";

export interface UserDjStats {
  stats: DjStats;
  /** True when the user has no telemetry and `stats` is the demo dataset. */
  demo: boolean;
}

const HOUR_MS = 3_600_000;
const caches = new WeakMap<Db, StatsCache<DjStats>>();

function cacheFor(db: Db): StatsCache<DjStats> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, cache = new StatsCache(256));
  return cache;
}

/**
 * The user's stats as of `now` (demo stats when they have no telemetry). The rolling week moves with the
 * clock, so a cached result also expires at the next full hour.
 */
export async function djStatsFor(db: Db, userId: string, now: Date): Promise<UserDjStats> {
  const newest = await newestBatchAt(db, userId);
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (!newest) {
    const demo = await cacheFor(db).get(
      "demo",
      String(hour),
      () => Promise.resolve(computeDjStats(demoHistory(now), now)),
    );
    return { stats: demo, demo: true };
  }
  const stats = await cacheFor(db).get(
    userId,
    `${newest.getTime()}@${hour}`,
    async () => computeDjStats(await readHistory(db, userId, newest, now), now),
  );
  return { stats, demo: false };
}
