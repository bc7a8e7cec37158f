/** @module Browser sessions (see web/auth/session.ts for how tokens map onto these rows). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** SHA-256 of the secret half of the token; the secret itself is never stored. */
  secretHash: text("secret_hash").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  userAgent: text("user_agent").notNull().default(""),
  ip: text("ip").notNull().default(""),
}, (table) => [index("sessions_user_id_idx").on(table.userId)]);

export type Session = typeof sessions.$inferSelect;
