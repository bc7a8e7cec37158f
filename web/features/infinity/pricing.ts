/**
 * @module What a plan costs: per month as the catalogue says, per year with the yearly discount
 * computed (never typed in), and what ALL-IN-ONE saves against buying its parts separately.
 */
import type { InfinityPlan } from "../../db/schema/infinity.ts";
import { YEARLY_DISCOUNT_PERCENT } from "./catalog.ts";

export type Billing = "monthly" | "yearly";

/**
 * Twelve months less the yearly discount, rounded to the cent.
 *
 * @example
 * yearlyPriceCents(999); // 9590 (12 × €9.99 = €119.88, −20 % = €95.90)
 */
export function yearlyPriceCents(monthlyCents: number): number {
  return Math.round((monthlyCents * 12 * (100 - YEARLY_DISCOUNT_PERCENT)) / 100);
}

/** Pay-as-you-go is billed by use, so it has no yearly price. */
export function hasYearlyBilling(plan: InfinityPlan): boolean {
  return !plan.perGb && !plan.included;
}

/** The amount charged per billing period for `billing`. */
export function periodPriceCents(plan: InfinityPlan, billing: Billing): number {
  return billing === "yearly" && hasYearlyBilling(plan)
    ? yearlyPriceCents(plan.monthlyPriceCents)
    : plan.monthlyPriceCents;
}

/**
 * ALL-IN-ONE's monthly saving against the separate plans that come closest to it: the dearest
 * offered connectivity plan plus the dearest offered monthly storage plan.
 */
export function bundleSavingCents(bundle: InfinityPlan, plans: readonly InfinityPlan[]): number {
  const dearest = (family: InfinityPlan["family"]) =>
    Math.max(
      0,
      ...plans.filter((p) => p.family === family && p.offered && !p.included && !p.perGb).map((p) =>
        p.monthlyPriceCents
      ),
    );
  return dearest("connectivity") + dearest("storage") - bundle.monthlyPriceCents;
}
