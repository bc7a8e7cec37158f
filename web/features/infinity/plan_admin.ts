/** @module Admin edits to the plan catalogue: price, storage, feature lines and whether it is offered. */
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type InfinityPlan, infinityPlans } from "../../db/schema/infinity.ts";
import { parseEuroCents } from "../../ui/money.ts";

const GB = 1024 ** 3;
const MAX_FEATURES = 25;

export const planFormSchema = z.object({
  monthlyPrice: z.string().optional().transform((text, context) => {
    if (text === undefined) return undefined;
    const cents = parseEuroCents(text);
    if (cents === null || cents > 100_000) {
      context.addIssue({ code: "custom", message: "Enter a price in euros, such as 9.99 (at most €1,000)." });
      return z.NEVER;
    }
    return cents;
  }),
  storageGb: z.string().optional().transform((text, context) => {
    if (text === undefined) return undefined;
    if (!/^\d{1,5}$/.test(text.trim()) || Number(text) < 1 || Number(text) > 10_240) {
      context.addIssue({ code: "custom", message: "Enter the storage in whole GB (1–10240)." });
      return z.NEVER;
    }
    return Number(text) * GB;
  }),
  features: z.string().max(3000, { error: "Keep the feature list under 3,000 characters." }).transform(
    (text, context) => {
      const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
      if (lines.length === 0 || lines.length > MAX_FEATURES || lines.some((line) => line.length > 120)) {
        context.addIssue({
          code: "custom",
          message: `List 1–${MAX_FEATURES} features, one per line, each at most 120 characters.`,
        });
        return z.NEVER;
      }
      return lines;
    },
  ),
  offered: z.literal("on").optional().transform((value) => value === "on"),
});

export type PlanForm = z.output<typeof planFormSchema>;

/** Applies the form; an included plan keeps its price of 0 and stays offered. */
export async function updatePlan(db: Db, plan: InfinityPlan, form: PlanForm, now: Date): Promise<void> {
  await db.update(infinityPlans).set({
    monthlyPriceCents: plan.included ? 0 : form.monthlyPrice ?? plan.monthlyPriceCents,
    storageBytes: plan.storageBytes === null || plan.included
      ? plan.storageBytes
      : form.storageGb ?? plan.storageBytes,
    features: JSON.stringify(form.features),
    offered: plan.included ? true : form.offered,
    updatedAt: now,
  }).where(eq(infinityPlans.id, plan.id));
}
