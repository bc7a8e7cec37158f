/**
 * @module
 * Results of the OCP API Status checks: one row per endpoint per run. The 24-hour and 30-day uptime bars are
 * computed from these rows; rows older than the 30-day window are pruned after each run.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const statusChecks = sqliteTable("status_checks", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** The registered check's id, e.g. `oauth.token`. */
  endpointId: text("endpoint_id").notNull(),
  checkedAt: integer("checked_at", { mode: "timestamp_ms" }).notNull(),
  state: text("state", { enum: ["up", "degraded", "down"] }).notNull(),
  /** NULL when no HTTP answer came (connection refused, timeout). */
  httpStatus: integer("http_status"),
  responseMs: integer("response_ms"),
  /** Why the check is not up, in a few words. */
  detail: text("detail"),
}, (table) => [index("status_checks_endpoint_time_idx").on(table.endpointId, table.checkedAt)]);

export type StatusCheckRow = typeof statusChecks.$inferSelect;
