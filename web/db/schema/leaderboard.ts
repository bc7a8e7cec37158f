/**
 * @module
 * Leaderboard choices: whether a DJ appears on the Community Leaderboard (off until they opt in) and which
 * of their earned badges they hide from their profile and the leaderboard (every badge shows by default).
 */
import { sql } from "drizzle-orm";
import { integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const leaderboardSettings = sqliteTable("leaderboard_settings", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  showOnLeaderboard: integer("show_on_leaderboard", { mode: "boolean" }).notNull().default(false),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull().default(sql`(unixepoch() * 1000)`),
});

/** One row per badge the DJ chose to hide. */
export const hiddenBadges = sqliteTable("hidden_badges", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  badgeId: text("badge_id").notNull(),
}, (table) => [primaryKey({ columns: [table.userId, table.badgeId] })]);
