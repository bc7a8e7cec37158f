/**
 * @module
 * The numbers of the Sustainability page: the DJ's own footprint from their devices' daily energy, and the
 * community's impact, where each DJ's trees are counted the way their own page counts them.
 */
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { djDailyStats } from "../../db/schema/telemetry.ts";
import { listDailyTotals } from "../telemetry/mod.ts";
import { type CarbonFootprint, carbonFootprint, CLIMATE_DATA, treesFor } from "./footprint.ts";

const ALL_DAYS = { firstDay: "0000-01-01", lastDay: "9999-12-31" };

export function userFootprint(db: Db, userId: string, now: Date): Promise<CarbonFootprint> {
  return listDailyTotals(db, userId, ALL_DAYS).then((days) => carbonFootprint(days, now));
}

export interface CommunityImpact {
  djs: number;
  trees: number;
  forests: number;
  co2AbsorbedKgPerYear: number;
}

/** One row per DJ with telemetry; the sums are small however many days each has. */
export async function communityImpact(db: Db): Promise<CommunityImpact> {
  const rows = await db.select({
    energyWh: sql<number>`sum(${djDailyStats.energyWh})`.mapWith(Number),
  }).from(djDailyStats).groupBy(djDailyStats.userId);
  const trees = rows.reduce((n, row) => n + treesFor(row.energyWh / 1000), 0);
  const policy = CLIMATE_DATA.treePolicy;
  return {
    djs: rows.length,
    trees,
    forests: Math.floor(trees / policy.treesPerForest),
    co2AbsorbedKgPerYear: trees * policy.kgCo2AbsorbedPerTreePerYear,
  };
}
