/** @module Mail captured by the dev outbox transport, readable at /dev/mailbox in development. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const devOutbox = sqliteTable("dev_outbox", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Recipient address; not a user_id on purpose, mail is kept for addresses that have no account. */
  to: text("to_address").notNull(),
  subject: text("subject").notNull(),
  text: text("text_body").notNull(),
  sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("dev_outbox_to_idx").on(table.to)]);
