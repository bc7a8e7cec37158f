/**
 * @module
 * Secrets the portal signs its own URLs with (web/http/signed_url.ts), one per purpose, made on first
 * use. Kept in the database so every portal instance signs and checks with the same key.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const urlSigningKeys = sqliteTable("url_signing_keys", {
  purpose: text("purpose").primaryKey(),
  /** 32 random bytes, base64url. */
  secret: text("secret").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});
