/**
 * @module
 * The model catalogue (catalogue.json): every MIXERA model that can be registered, with its warranty
 * term, manuals and replacement parts. Data, not code, so a new model is one JSON entry.
 */
import { z } from "zod";
import catalogue from "./catalogue.json" with { type: "json" };

const ModelSchema = z.object({
  modelNumber: z.string().min(1).max(64),
  name: z.string().min(1),
  kind: z.enum(["controller", "accessory"]),
  warrantyMonths: z.number().int().min(0).max(120),
  manuals: z.array(z.object({ title: z.string(), url: z.url() })),
  parts: z.array(z.object({ name: z.string(), partNumber: z.string() })),
});
export type DeviceModel = z.infer<typeof ModelSchema>;

export const MODELS: readonly DeviceModel[] =
  z.object({ models: z.array(ModelSchema).min(1) }).parse(catalogue)
    .models;

export function findModel(modelNumber: string): DeviceModel | undefined {
  return MODELS.find((model) => model.modelNumber === modelNumber);
}

export interface WarrantyState {
  until: string;
  expired: boolean;
}

/**
 * The warranty end (`YYYY-MM-DD`, the purchase date plus the model's term in calendar months, clamped
 * to the month's last day) and whether it has passed.
 *
 * @example
 * warranty("2025-01-31", 24, new Date("2026-01-01")) // { until: "2027-01-31", expired: false }
 */
export function warranty(purchaseDate: string, months: number, now: Date): WarrantyState {
  const [year, month, day] = purchaseDate.split("-").map(Number);
  const targetMonth = month - 1 + months;
  const lastDay = new Date(Date.UTC(year, targetMonth + 1, 0)).getUTCDate();
  const until = new Date(Date.UTC(year, targetMonth, Math.min(day, lastDay)));
  return { until: until.toISOString().slice(0, 10), expired: until.getTime() < now.getTime() - 86_400_000 };
}
