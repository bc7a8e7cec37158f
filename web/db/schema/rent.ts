/**
 * @module Rent Technology: the inventory admins manage, each user's event draft and cart, and bookings.
 * Dates are ISO calendar days (`YYYY-MM-DD`, inclusive on both ends) so SQLite's date() can walk them.
 */
import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const rentItems = sqliteTable("rent_items", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  category: text("category").notNull(),
  description: text("description").notNull().default(""),
  dailyPriceCents: integer("daily_price_cents").notNull(),
  /** Units the company owns; how many are free on a day is this minus the confirmed bookings of that day. */
  quantity: integer("quantity").notNull(),
  /** Retired items stay for the bookings that name them but are no longer offered. */
  active: integer("active", { mode: "boolean" }).notNull().default(true),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  check("rent_items_quantity_check", sql`${table.quantity} >= 0`),
  check("rent_items_price_check", sql`${table.dailyPriceCents} >= 0`),
]);

/** Step 1 of a rental, kept per user until checkout so the page works as plain form posts. */
export const rentEventDrafts = sqliteTable("rent_event_drafts", {
  userId: text("user_id").primaryKey().references(() => users.id, { onDelete: "cascade" }),
  startDate: text("start_date").notNull(),
  endDate: text("end_date").notNull(),
  location: text("location").notNull(),
  eventType: text("event_type").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const rentCartItems = sqliteTable("rent_cart_items", {
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  itemId: text("item_id").notNull().references(() => rentItems.id),
  quantity: integer("quantity").notNull(),
  addedAt: integer("added_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [primaryKey({ columns: [table.userId, table.itemId] })]);

export const rentBookings = sqliteTable("rent_bookings", {
  id: text("id").primaryKey(),
  /** Shown to the user and in the confirmation mail: `RNT-` + 8 characters. */
  reference: text("reference").notNull().unique(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  startDate: text("start_date").notNull(),
  endDate: text("end_date").notNull(),
  location: text("location").notNull(),
  eventType: text("event_type").notNull(),
  paymentMethod: text("payment_method").notNull(),
  /**
   * "pending" exists only inside the checkout transaction (web/features/rent/checkout.ts): a booking is
   * either committed as "confirmed" with all its items or not at all.
   */
  status: text("status", { enum: ["pending", "confirmed", "cancelled"] }).notNull(),
  totalCents: integer("total_cents").notNull().default(0),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  cancelledAt: integer("cancelled_at", { mode: "timestamp_ms" }),
}, (table) => [
  index("rent_bookings_user_id_idx").on(table.userId),
  index("rent_bookings_dates_idx").on(table.status, table.startDate, table.endDate),
]);

/** What a booking holds, with name and price as they were at checkout. */
export const rentBookingItems = sqliteTable("rent_booking_items", {
  bookingId: text("booking_id").notNull().references(() => rentBookings.id, { onDelete: "cascade" }),
  itemId: text("item_id").notNull().references(() => rentItems.id),
  itemName: text("item_name").notNull(),
  dailyPriceCents: integer("daily_price_cents").notNull(),
  quantity: integer("quantity").notNull(),
}, (table) => [
  primaryKey({ columns: [table.bookingId, table.itemId] }),
  index("rent_booking_items_item_idx").on(table.itemId),
]);

export type RentItem = typeof rentItems.$inferSelect;
export type RentEventDraft = typeof rentEventDrafts.$inferSelect;
export type RentBooking = typeof rentBookings.$inferSelect;
export type RentBookingItem = typeof rentBookingItems.$inferSelect;
