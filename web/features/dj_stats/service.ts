/**
 * @module
 * DJ Stats for one user: the real stats when their controllers have sent telemetry, otherwise the
 * labelled demo dataset. Computed stats are kept per database until a newer batch arrives.
 */
import type { Db } from "../../db/client.ts";
import type { PartialAggregates } from "./aggregate.ts";
import { StatsCache } from "./cache.ts";
import { demoHistory } from "./demo.ts";
import { computeDjStats, type DjStats } from "./model.ts";
import { readHistory, telemetryVersion } from "./source.ts";

export interface UserDjStats {
  stats: DjStats;
  /** True when the user has no telemetry and `stats` is the demo dataset. */
  demo: boolean;
}

const HOUR_MS = 3_600_000;
const caches = new WeakMap<Db, { stats: StatsCache<DjStats>; settled: StatsCache<PartialAggregates> }>();

function cachesFor(db: Db) {
  let cache = caches.get(db);
  if (!cache) caches.set(db, cache = { stats: new StatsCache(256), settled: new StatsCache(256) });
  return cache;
}

/**
 * The user's stats as of `now` (demo stats when they have no telemetry). The rolling week moves with the
 * clock, so a cached result also expires at the next full hour.
 */
export async function djStatsFor(db: Db, userId: string, now: Date): Promise<UserDjStats> {
  const telemetry = await telemetryVersion(db, userId);
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (!telemetry) {
    const demo = await cachesFor(db).stats.get(
      "demo",
      String(hour),
      () => Promise.resolve(computeDjStats(demoHistory(now), now)),
    );
    return { stats: demo, demo: true };
  }
  const { stats: statsCache, settled } = cachesFor(db);
  const stats = await statsCache.get(
    userId,
    `${telemetry.version}@${hour}`,
    async () => computeDjStats(await readHistory(db, userId, telemetry.newest, now, settled), now),
  );
  return { stats, demo: false };
}
