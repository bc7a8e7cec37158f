/** @module Fixed-window counters, kept in the database so limits hold across portal instances. */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const rateLimits = sqliteTable("rate_limits", {
  /** What is limited and for whom, e.g. `signin:ip:203.0.113.7`. */
  key: text("key").primaryKey(),
  windowStart: integer("window_start").notNull(),
  count: integer("count").notNull(),
});
