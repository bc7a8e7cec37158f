/**
 * @module
 * MIXEY, the account assistant: each user's conversation, one row per turn (the question and MIXEY's
 * answer with the facts it was built from). Rows reach `users` through user_id ON DELETE CASCADE.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const MIXEY_ROLES = ["user", "mixey"] as const;
export type MixeyRole = typeof MIXEY_ROLES[number];

export const mixeyMessages = sqliteTable("mixey_messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  role: text("role", { enum: MIXEY_ROLES }).notNull(),
  text: text("text").notNull(),
  /** The recognised topic of a question or answer (`devices`, `badges` …, `unknown`). */
  topic: text("topic").notNull().default(""),
  /** JSON array of the facts an answer cites (`{label, value, href}`); `[]` for questions. */
  facts: text("facts").notNull().default("[]"),
  /** Which engine phrased the answer: `templates` or `model`. */
  engine: text("engine").notNull().default("templates"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("mixey_messages_user_idx").on(table.userId, table.id)]);

export type MixeyMessage = typeof mixeyMessages.$inferSelect;
