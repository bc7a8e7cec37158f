/**
 * @module
 * Runs every registered check, stores the results, and reads back the latest state and the uptime bars
 * (24 hourly and 30 daily buckets) from stored results. Concurrent triggers share one run, and a run that
 * just finished answers a new trigger, so clicking "Check now" repeatedly cannot flood the checked services.
 */
import { desc, eq, gte, lt, sql } from "drizzle-orm";
import type { AppDeps } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { statusChecks } from "../../db/schema/status_checks.ts";
import { baseUrlFor, checkEndpoint, type CheckResult, type Fetch, type StatusState } from "./check.ts";
import { type StatusEndpoint, statusEndpoints } from "./registry.ts";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Results older than the longest bar are of no use. */
export const RETENTION_MS = 31 * DAY_MS;
/** A trigger within this time after a run reuses that run's results. */
export const MIN_RUN_GAP_MS = 2000;

export interface StoredResult extends CheckResult {
  checkedAt: Date;
}

interface RunnerState {
  running?: Promise<StoredResult[]>;
  last?: { at: number; results: StoredResult[] };
}
const runners = new WeakMap<Db, RunnerState>();

async function runOnce(deps: AppDeps, fetcher: Fetch): Promise<StoredResult[]> {
  const { db, clock, config } = deps;
  const endpoints = statusEndpoints();
  const checkedAt = clock.now();
  const results = await Promise.all(
    endpoints.map((endpoint) =>
      checkEndpoint(endpoint, baseUrlFor(endpoint, config.publicUrl, config.statusTargets), fetcher)
    ),
  );
  const stored = results.map((result) => ({ ...result, checkedAt }));
  if (stored.length) await db.insert(statusChecks).values(stored);
  await db.delete(statusChecks).where(
    lt(statusChecks.checkedAt, new Date(checkedAt.getTime() - RETENTION_MS)),
  );
  return stored;
}

/**
 * Checks every registered endpoint now (or joins the run in progress) and stores the results.
 *
 * @example
 * ```ts
 * const results = await runStatusChecks(deps);
 * results.every((result) => result.state === "up");
 * ```
 */
export function runStatusChecks(deps: AppDeps, fetcher: Fetch = fetch): Promise<StoredResult[]> {
  const state = runners.get(deps.db) ?? {};
  runners.set(deps.db, state);
  if (state.running) return state.running;
  if (state.last && deps.clock.now().getTime() - state.last.at < MIN_RUN_GAP_MS) {
    return Promise.resolve(state.last.results);
  }
  state.running = runOnce(deps, fetcher)
    .then((results) => {
      state.last = { at: deps.clock.now().getTime(), results };
      return results;
    })
    .finally(() => {
      state.running = undefined;
    });
  return state.running;
}

export interface UptimeBucket {
  /** Start of the bucket. */
  start: Date;
  /** Share of checks that were up or degraded, 0–1; null without checks. */
  uptime: number | null;
  state: StatusState | "none";
}

export interface EndpointStatus {
  endpoint: StatusEndpoint;
  latest?: StoredResult;
  last24h: UptimeBucket[];
  last30d: UptimeBucket[];
  /** Share of live checks over each window, null without checks. */
  uptime24h: number | null;
  uptime30d: number | null;
}

interface BucketCount {
  endpointId: string;
  bucket: number;
  total: number;
  live: number;
  down: number;
  degraded: number;
}

async function bucketCounts(db: Db, since: Date, sizeMs: number): Promise<BucketCount[]> {
  const bucket = sql<number>`cast((${statusChecks.checkedAt} - ${since.getTime()}) / ${sizeMs} as integer)`;
  return await db
    .select({
      endpointId: statusChecks.endpointId,
      bucket: bucket.mapWith(Number),
      total: sql<number>`count(*)`.mapWith(Number),
      live: sql<number>`sum(${statusChecks.state} != 'down')`.mapWith(Number),
      down: sql<number>`sum(${statusChecks.state} = 'down')`.mapWith(Number),
      degraded: sql<number>`sum(${statusChecks.state} = 'degraded')`.mapWith(Number),
    })
    .from(statusChecks)
    .where(gte(statusChecks.checkedAt, since))
    .groupBy(statusChecks.endpointId, bucket);
}

function bucketState(count: BucketCount | undefined): StatusState | "none" {
  if (!count) return "none";
  if (count.down === count.total) return "down";
  if (count.down > 0 || count.degraded > 0) return "degraded";
  return "up";
}

function bars(
  counts: BucketCount[],
  endpointId: string,
  since: Date,
  sizeMs: number,
  n: number,
): { buckets: UptimeBucket[]; uptime: number | null } {
  const mine = new Map(counts.filter((c) => c.endpointId === endpointId).map((c) => [c.bucket, c]));
  let total = 0;
  let live = 0;
  const buckets = Array.from({ length: n }, (_, index) => {
    const count = mine.get(index);
    total += count?.total ?? 0;
    live += count?.live ?? 0;
    return {
      start: new Date(since.getTime() + index * sizeMs),
      uptime: count ? count.live / count.total : null,
      state: bucketState(count),
    };
  });
  return { buckets, uptime: total ? live / total : null };
}

/** The window of `n` buckets of `sizeMs` that ends with the bucket holding `now`. */
function windowStart(now: Date, sizeMs: number, n: number): Date {
  return new Date(Math.floor(now.getTime() / sizeMs) * sizeMs - (n - 1) * sizeMs);
}

async function latestResult(db: Db, endpointId: string): Promise<StoredResult | undefined> {
  const [row] = await db.select().from(statusChecks).where(eq(statusChecks.endpointId, endpointId))
    .orderBy(desc(statusChecks.checkedAt), desc(statusChecks.id)).limit(1);
  return row && {
    endpointId: row.endpointId,
    checkedAt: row.checkedAt,
    state: row.state,
    httpStatus: row.httpStatus,
    responseMs: row.responseMs,
    detail: row.detail,
  };
}

/** The latest result and both uptime bars of every registered endpoint. */
export async function statusOverview(db: Db, now: Date): Promise<EndpointStatus[]> {
  const since24h = windowStart(now, HOUR_MS, 24);
  const since30d = windowStart(now, DAY_MS, 30);
  const [hourly, daily] = await Promise.all([
    bucketCounts(db, since24h, HOUR_MS),
    bucketCounts(db, since30d, DAY_MS),
  ]);
  return await Promise.all(
    statusEndpoints().map(async (endpoint) => {
      const day = bars(hourly, endpoint.id, since24h, HOUR_MS, 24);
      const month = bars(daily, endpoint.id, since30d, DAY_MS, 30);
      return {
        endpoint,
        latest: await latestResult(db, endpoint.id),
        last24h: day.buckets,
        last30d: month.buckets,
        uptime24h: day.uptime,
        uptime30d: month.uptime,
      };
    }),
  );
}

/** The worst latest state: down if any endpoint is down, unknown before the first run. */
export function overallState(statuses: EndpointStatus[]): StatusState | "unknown" {
  if (!statuses.length || statuses.some((status) => !status.latest)) return "unknown";
  if (statuses.some((status) => status.latest?.state === "down")) return "down";
  if (statuses.some((status) => status.latest?.state === "degraded")) return "degraded";
  return "up";
}
