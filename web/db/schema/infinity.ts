/**
 * @module MIXERA Infinity: the plan catalogue admins price, and each user's subscriptions. A
 * subscription keeps what was bought (price, storage, queue priority) so later catalogue edits do
 * not change plans already sold.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { devices } from "./devices.ts";
import { users } from "./users.ts";

export const PLAN_FAMILIES = ["connectivity", "storage", "bundle"] as const;
export type PlanFamily = (typeof PLAN_FAMILIES)[number];

export const infinityPlans = sqliteTable("infinity_plans", {
  /** Stable slug (`cloud_plus`); the catalogue's defaults are keyed by it. */
  id: text("id").primaryKey(),
  family: text("family", { enum: PLAN_FAMILIES }).notNull(),
  name: text("name").notNull(),
  tagline: text("tagline").notNull(),
  /** JSON array of the feature lines shown on the plan's card. */
  features: text("features").notNull(),
  /** Price of one month, or of one GB for one month when `per_gb`; yearly prices are computed from it. */
  monthlyPriceCents: integer("monthly_price_cents").notNull(),
  perGb: integer("per_gb", { mode: "boolean" }).notNull().default(false),
  /** Included with every device or account: shown, never bought. */
  included: integer("included", { mode: "boolean" }).notNull().default(false),
  /** Cloud storage the plan gives, for storage plans and the bundle. */
  storageBytes: integer("storage_bytes"),
  skipsAnalysisQueue: integer("skips_analysis_queue", { mode: "boolean" }).notNull().default(false),
  offered: integer("offered", { mode: "boolean" }).notNull().default(true),
  sortOrder: integer("sort_order").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [check("infinity_plans_price_check", sql`${table.monthlyPriceCents} >= 0`)]);

export const infinitySubscriptions = sqliteTable("infinity_subscriptions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  planId: text("plan_id").notNull().references(() => infinityPlans.id),
  /**
   * What the subscription occupies: `storage`, `bundle`, or `device:<id>` for connectivity. A user has
   * at most one active subscription per slot (the partial unique index below).
   */
  slot: text("slot").notNull(),
  /** The upgraded controller; NULL for other plans, and once the device is removed from the account. */
  deviceId: text("device_id").references(() => devices.id, { onDelete: "set null" }),
  billing: text("billing", { enum: ["monthly", "yearly"] }).notNull(),
  /** Charged per billing period (or per GB-month for pay-as-you-go), as sold. */
  priceCents: integer("price_cents").notNull(),
  storageBytes: integer("storage_bytes"),
  skipsAnalysisQueue: integer("skips_analysis_queue", { mode: "boolean" }).notNull(),
  paymentMethod: text("payment_method").notNull(),
  status: text("status", { enum: ["active", "cancelled"] }).notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("infinity_subscriptions_user_id_idx").on(table.userId),
  uniqueIndex("infinity_subscriptions_active_slot").on(table.userId, table.slot).where(
    sql`${table.status} = 'active'`,
  ),
]);

export type InfinityPlan = typeof infinityPlans.$inferSelect;
export type InfinitySubscription = typeof infinitySubscriptions.$inferSelect;
