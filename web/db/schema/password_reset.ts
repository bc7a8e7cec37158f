/** @module Single-use password reset tokens sent by email. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const passwordResetTokens = sqliteTable("password_reset_tokens", {
  /** SHA-256 of the token in the emailed link; the token itself is never stored. */
  tokenHash: text("token_hash").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("password_reset_tokens_user_id_idx").on(table.userId)]);
