/**
 * @module
 * Energy to climate: CO₂ from the grid factor that applied at the time (versioned data in
 * `data/grid_factors.json`, checked at start-up), trees planted at one per 100 kWh, and what those trees
 * absorb in a year.
 */
import { z } from "zod";
import data from "./data/grid_factors.json" with { type: "json" };

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const ClimateDataSchema = z.object({
  gridFactors: z.array(z.object({
    region: z.string().min(2),
    year: z.number().int().min(2000).max(2100),
    validFrom: day,
    kgCo2PerKwh: z.number().positive().max(2),
    source: z.string().min(1),
  })).min(1),
  treePolicy: z.object({
    validFrom: day,
    kwhPerTree: z.number().positive(),
    kgCo2AbsorbedPerTreePerYear: z.number().positive(),
    treesPerForest: z.number().int().positive(),
    partner: z.string().min(1),
  }),
});
export type ClimateData = z.infer<typeof ClimateDataSchema>;
export type GridFactor = ClimateData["gridFactors"][number];

/** The data shipped with the portal; a malformed file stops the start-up with zod's message. */
export const CLIMATE_DATA: ClimateData = ClimateDataSchema.parse(data);

/** The newest grid factor in force at `at` (the oldest one before any took effect). */
export function gridFactorAt(at: Date, climate: ClimateData = CLIMATE_DATA): GridFactor {
  const today = at.toISOString().slice(0, 10);
  const sorted = [...climate.gridFactors].sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  return sorted.filter((f) => f.validFrom <= today).at(-1) ?? sorted[0];
}

export interface CarbonFootprint {
  kwh: number;
  co2Kg: number;
  trees: number;
  co2AbsorbedKgPerYear: number;
  /** kWh still to use before the next tree is planted. */
  kwhToNextTree: number;
  /** Progress to the next tree, 0–100. */
  nextTreePercent: number;
  /** The factor in force on the newest day counted (the current one when nothing was used). */
  gridFactor: GridFactor;
}

/** Energy used on one UTC day (`YYYY-MM-DD`). */
export interface DailyEnergy {
  day: string;
  energyWh: number;
}

/**
 * Energy, CO₂ (each day at the grid factor in force that day) and trees for a DJ's daily usage.
 *
 * @example
 * const footprint = carbonFootprint([{ day: "2026-01-01", energyWh: 250_000 }], new Date("2026-01-02"));
 * footprint.trees; // 2
 * footprint.kwhToNextTree; // 50
 */
export function carbonFootprint(
  usage: readonly DailyEnergy[],
  now: Date,
  climate: ClimateData = CLIMATE_DATA,
): CarbonFootprint {
  let wh = 0;
  let co2Kg = 0;
  let newest = "";
  for (const { day, energyWh } of usage) {
    wh += energyWh;
    co2Kg += (energyWh / 1000) * gridFactorAt(new Date(`${day}T12:00:00Z`), climate).kgCo2PerKwh;
    if (energyWh > 0 && day > newest) newest = day;
  }
  const kwh = wh / 1000;
  const { kwhPerTree, kgCo2AbsorbedPerTreePerYear } = climate.treePolicy;
  const trees = treesFor(kwh, climate);
  const intoTree = kwh - trees * kwhPerTree;
  return {
    kwh: Math.round(kwh * 10) / 10,
    co2Kg: Math.round(co2Kg * 10) / 10,
    trees,
    co2AbsorbedKgPerYear: trees * kgCo2AbsorbedPerTreePerYear,
    kwhToNextTree: Math.round((kwhPerTree - intoTree) * 10) / 10,
    nextTreePercent: Math.floor((intoTree / kwhPerTree) * 100),
    gridFactor: gridFactorAt(newest ? new Date(`${newest}T12:00:00Z`) : now, climate),
  };
}

/** Trees planted for `kwh`: one per full 100 kWh. */
export function treesFor(kwh: number, climate: ClimateData = CLIMATE_DATA): number {
  return Math.floor(kwh / climate.treePolicy.kwhPerTree);
}
