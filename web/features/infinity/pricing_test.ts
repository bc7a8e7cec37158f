import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InfinityPlan } from "../../db/schema/infinity.ts";
import { DEFAULT_PLANS } from "./catalog.ts";
import { bundleSavingCents, periodPriceCents, yearlyPriceCents } from "./pricing.ts";

const plans: InfinityPlan[] = DEFAULT_PLANS.map((p) => ({
  ...p,
  features: JSON.stringify(p.features),
  offered: true,
  updatedAt: new Date(0),
}));
const byId = (id: string) => plans.find((p) => p.id === id)!;

describe("Infinity pricing", () => {
  it("takes 20 % off twelve months, rounded to the cent", () => {
    assert.equal(yearlyPriceCents(999), 9590);
    assert.equal(yearlyPriceCents(1899), 18230);
    assert.equal(yearlyPriceCents(0), 0);
  });

  it("bills pay-as-you-go by use, never yearly", () => {
    assert.equal(periodPriceCents(byId("cloud_payg"), "yearly"), 5);
    assert.equal(periodPriceCents(byId("cloud_plus"), "yearly"), 3830);
  });

  it("compares ALL-IN-ONE with the dearest connectivity and storage plans on offer", () => {
    assert.equal(bundleSavingCents(byId("all_in_one"), plans), 1999 + 999 - 1899);
    const withoutUnlimited = plans.map((p) =>
      p.id === "connectivity_unlimited" ? { ...p, offered: false } : p
    );
    assert.equal(bundleSavingCents(byId("all_in_one"), withoutUnlimited), 999 + 999 - 1899);
  });
});
