/** @module One-time codes that prove a user reads the mailbox of their account. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const emailVerificationCodes = sqliteTable("email_verification_codes", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** The address the code was sent to: a code proves that address only. */
  email: text("email").notNull(),
  /** SHA-256 of the 8-digit code. */
  codeHash: text("code_hash").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("email_verification_codes_user_id_idx").on(table.userId)]);

export type EmailVerificationCode = typeof emailVerificationCodes.$inferSelect;
