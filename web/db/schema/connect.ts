/**
 * @module
 * MIXERA Connect: who opted in to being matched, the messages between two DJs, blocks and reports.
 * The DJ profile itself is not stored; it is computed from the user's telemetry whenever it is shown.
 * Every table reaches `users` through foreign keys with ON DELETE CASCADE.
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

/** A row means the user chose; `optedIn` false is an explicit "no" (the default is no row, also "no"). */
export const connectOptIns = sqliteTable("connect_opt_ins", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  optedIn: integer("opted_in", { mode: "boolean" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const connectMessages = sqliteTable("connect_messages", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** The author: the message is their data (export, deletion). */
  senderId: text("sender_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  recipientId: text("recipient_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  /** Plain text as typed (at most 1,000 characters); escaped when shown. */
  body: text("body").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  /** When the recipient first saw it; null counts as unread. */
  readAt: integer("read_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("connect_messages_pair_idx").on(table.senderId, table.recipientId, table.id),
  index("connect_messages_unread_idx").on(table.recipientId, table.readAt),
]);

export const connectBlocks = sqliteTable("connect_blocks", {
  blockerId: text("blocker_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  blockedId: text("blocked_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  primaryKey({ columns: [table.blockerId, table.blockedId] }),
  index("connect_blocks_blocked_idx").on(table.blockedId),
]);

export const CONNECT_REPORT_REASONS = ["spam", "harassment", "inappropriate", "other"] as const;
export type ConnectReportReason = typeof CONNECT_REPORT_REASONS[number];

/** A report for the admins; the reporter's data. */
export const connectReports = sqliteTable("connect_reports", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  reporterId: text("reporter_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  reportedId: text("reported_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  reason: text("reason", { enum: CONNECT_REPORT_REASONS }).notNull(),
  note: text("note").notNull().default(""),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [index("connect_reports_reported_idx").on(table.reportedId, table.createdAt)]);

export type ConnectMessage = typeof connectMessages.$inferSelect;
