/**
 * @module A user's link to Google Drive or Dropbox (MIXERA Infinity, "Connect External Storage"). The
 * provider's tokens are sealed with EXTERNAL_STORAGE_KEY (AES-256-GCM): the portal must present them
 * to the provider, so a hash would not do, and a database leak alone does not reveal them.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const EXTERNAL_PROVIDERS = ["google_drive", "dropbox"] as const;
export type ExternalProvider = (typeof EXTERNAL_PROVIDERS)[number];

export const externalStorageLinks = sqliteTable("external_storage_links", {
  /** One link per user: linking another provider replaces it. */
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  provider: text("provider", { enum: EXTERNAL_PROVIDERS }).notNull(),
  /** The provider account's address or name, shown as "Connected: …". */
  accountLabel: text("account_label").notNull(),
  accessToken: text("access_token").notNull(),
  refreshToken: text("refresh_token"),
  accessExpiresAt: integer("access_expires_at", { mode: "timestamp_ms" }),
  linkedAt: integer("linked_at", { mode: "timestamp_ms" }).notNull(),
});

export type ExternalStorageLink = typeof externalStorageLinks.$inferSelect;
