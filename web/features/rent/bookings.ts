/** @module A user's bookings: listed, read and cancelled only through their owner's id. */
import { and, desc, eq, gt, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  type RentBooking,
  type RentBookingItem,
  rentBookingItems,
  rentBookings,
} from "../../db/schema/rent.ts";

export interface BookingWithItems extends RentBooking {
  items: RentBookingItem[];
}

async function withItems(db: Db, bookings: RentBooking[]): Promise<BookingWithItems[]> {
  if (bookings.length === 0) return [];
  const items = await db.select().from(rentBookingItems).where(
    inArray(rentBookingItems.bookingId, bookings.map((booking) => booking.id)),
  ).orderBy(rentBookingItems.itemName);
  return bookings.map((booking) => ({
    ...booking,
    items: items.filter((item) => item.bookingId === booking.id),
  }));
}

/** The user's confirmed and cancelled bookings, newest first. */
export async function listBookings(db: Db, userId: string): Promise<BookingWithItems[]> {
  const rows = await db.select().from(rentBookings).where(eq(rentBookings.userId, userId))
    .orderBy(desc(rentBookings.createdAt)).limit(100);
  return withItems(db, rows);
}

/** One booking of the user; another user's booking is not found, exactly like a missing one. */
export async function findBooking(
  db: Db,
  userId: string,
  bookingId: string,
): Promise<BookingWithItems | undefined> {
  const rows = await db.select().from(rentBookings).where(
    and(eq(rentBookings.id, bookingId), eq(rentBookings.userId, userId)),
  );
  return (await withItems(db, rows))[0];
}

/** Bookings can be cancelled until the day before they start. */
export function isCancellable(booking: RentBooking, today: string): boolean {
  return booking.status === "confirmed" && booking.startDate > today;
}

/** Cancels the user's booking if it is still cancellable; true when it was. The units are free again at once. */
export async function cancelBooking(
  db: Db,
  userId: string,
  bookingId: string,
  today: string,
  now: Date,
): Promise<boolean> {
  const cancelled = await db.update(rentBookings).set({ status: "cancelled", cancelledAt: now }).where(and(
    eq(rentBookings.id, bookingId),
    eq(rentBookings.userId, userId),
    eq(rentBookings.status, "confirmed"),
    gt(rentBookings.startDate, today),
  )).returning({ id: rentBookings.id });
  return cancelled.length === 1;
}
