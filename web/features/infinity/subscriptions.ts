/**
 * @module
 * Buying (at the mock checkout), changing and cancelling Infinity plans. A plan occupies a slot
 * (storage, bundle, or one device's connectivity); buying into a taken slot replaces the plan there,
 * in one transaction. A change that would leave less cloud storage than the user already stores is
 * refused, so nobody is left over quota.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  type InfinityPlan,
  type InfinitySubscription,
  infinitySubscriptions,
} from "../../db/schema/infinity.ts";
import { activeSubscriptions, quotaOf } from "./entitlements.ts";
import { type Billing, periodPriceCents } from "./pricing.ts";

export const PAYMENT_METHODS = ["Credit card", "PayPal", "SEPA direct debit"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/** The slot a plan takes: one storage plan, one bundle, and one connectivity plan per device. */
export function slotOf(plan: InfinityPlan, deviceId?: string): string {
  return plan.family === "connectivity" ? `device:${deviceId}` : plan.family;
}

export type ChangeRefusal =
  | { reason: "not_offered" }
  | { reason: "already_active" }
  | { reason: "below_stored"; storedBytes: number; quotaBytes: number }
  | { reason: "not_found" };

export type SubscribeResult =
  | { ok: true; subscription: InfinitySubscription }
  | ({ ok: false } & ChangeRefusal);

export interface SubscribeRequest {
  plan: InfinityPlan;
  billing: Billing;
  paymentMethod: PaymentMethod;
  /** Required for connectivity plans: one of the user's devices, checked by the caller. */
  deviceId?: string;
  /** What the user stores now (stored_bytes.ts). */
  storedBytes: number;
  now: Date;
}

/**
 * Subscribes the user to `plan`, replacing whatever occupied its slot.
 *
 * @example
 * const result = await subscribe(db, user.id, { plan, billing: "yearly", paymentMethod: "PayPal", storedBytes, now });
 */
export async function subscribe(db: Db, userId: string, request: SubscribeRequest): Promise<SubscribeResult> {
  const { plan, billing, now } = request;
  if (plan.included || !plan.offered) return { ok: false, reason: "not_offered" };
  const slot = slotOf(plan, request.deviceId);
  const active = await activeSubscriptions(db, userId);
  const replaced = active.find((s) => s.slot === slot);
  if (replaced && replaced.planId === plan.id && replaced.billing === billing) {
    return { ok: false, reason: "already_active" };
  }
  const quotaBytes = quotaOf([...active.filter((s) => s !== replaced), { storageBytes: plan.storageBytes }]);
  if (request.storedBytes > quotaBytes) {
    return { ok: false, reason: "below_stored", storedBytes: request.storedBytes, quotaBytes };
  }
  const subscription: InfinitySubscription = {
    id: crypto.randomUUID(),
    userId,
    planId: plan.id,
    slot,
    deviceId: plan.family === "connectivity" ? request.deviceId ?? null : null,
    billing: plan.perGb ? "monthly" : billing,
    priceCents: periodPriceCents(plan, billing),
    storageBytes: plan.storageBytes,
    skipsAnalysisQueue: plan.skipsAnalysisQueue,
    paymentMethod: request.paymentMethod,
    status: "active",
    startedAt: now,
    cancelledAt: null,
  };
  await db.batch([
    db.update(infinitySubscriptions).set({ status: "cancelled", cancelledAt: now }).where(and(
      eq(infinitySubscriptions.userId, userId),
      eq(infinitySubscriptions.slot, slot),
      eq(infinitySubscriptions.status, "active"),
    )),
    db.insert(infinitySubscriptions).values(subscription),
  ]);
  return { ok: true, subscription };
}

/** Cancels one of the user's active subscriptions unless what remains would hold less than is stored. */
export async function cancelSubscription(
  db: Db,
  userId: string,
  subscriptionId: string,
  storedBytes: number,
  now: Date,
): Promise<{ ok: true } | ({ ok: false } & ChangeRefusal)> {
  const active = await activeSubscriptions(db, userId);
  const target = active.find((s) => s.id === subscriptionId);
  if (!target) return { ok: false, reason: "not_found" };
  const quotaBytes = quotaOf(active.filter((s) => s !== target));
  if (storedBytes > quotaBytes) return { ok: false, reason: "below_stored", storedBytes, quotaBytes };
  await db.update(infinitySubscriptions).set({ status: "cancelled", cancelledAt: now }).where(and(
    eq(infinitySubscriptions.id, target.id),
    eq(infinitySubscriptions.userId, userId),
    eq(infinitySubscriptions.status, "active"),
  ));
  return { ok: true };
}
