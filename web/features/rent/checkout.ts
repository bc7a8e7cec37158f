/**
 * @module
 * Checkout: turns the user's cart into a confirmed booking in one write transaction, or changes
 * nothing. Each cart line is copied into the booking only while enough units are free for every day
 * of the range (availability.ts); the booking is confirmed only if every line made it, otherwise it
 * is removed again inside the same transaction. Two checkouts racing for the last unit therefore
 * leave exactly one booking: SQLite runs write transactions one after the other, and the second one
 * sees the first one's confirmed units.
 */
import type { InStatement } from "@libsql/client";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type RentBooking, rentBookings, type RentEventDraft } from "../../db/schema/rent.ts";
import { freeUnitsSql } from "./availability.ts";
import { type Cart, readCart } from "./cart.ts";
import { rentalDays } from "./dates.ts";

export const PAYMENT_METHODS = ["Credit card", "PayPal", "SEPA direct debit", "Invoice"] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** `RNT-` and 8 characters without look-alikes. */
export function generateBookingReference(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(8));
  return `RNT-${[...bytes].map((byte) => REFERENCE_ALPHABET[byte & 31]).join("")}`;
}

export type CheckoutResult =
  | { ok: true; booking: RentBooking }
  | { ok: false; reason: "empty" }
  | { ok: false; reason: "unavailable"; unavailable: Cart["unavailable"] };

function checkoutStatements(
  bookingId: string,
  userId: string,
  draft: RentEventDraft,
  paymentMethod: PaymentMethod,
  now: Date,
): InStatement[] {
  const free = freeUnitsSql("i", draft.startDate, draft.endDate);
  const cartLines = "SELECT COUNT(*) FROM rent_cart_items WHERE user_id = ?";
  const bookedLines = "SELECT COUNT(*) FROM rent_booking_items WHERE booking_id = ?";
  const confirmed = "SELECT 1 FROM rent_bookings WHERE id = ? AND status = 'confirmed'";
  return [
    {
      sql: `INSERT INTO rent_bookings (id, reference, user_id, start_date, end_date, location, event_type,
        payment_method, status, total_cents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)`,
      args: [
        bookingId,
        generateBookingReference(),
        userId,
        draft.startDate,
        draft.endDate,
        draft.location,
        draft.eventType,
        paymentMethod,
        now.getTime(),
      ],
    },
    {
      sql: `INSERT INTO rent_booking_items (booking_id, item_id, item_name, daily_price_cents, quantity)
        SELECT ?, i.id, i.name, i.daily_price_cents, c.quantity
        FROM rent_cart_items c JOIN rent_items i ON i.id = c.item_id
        WHERE c.user_id = ? AND i.active = 1 AND c.quantity <= ${free.sql}`,
      args: [bookingId, userId, ...free.args],
    },
    {
      sql: `UPDATE rent_bookings SET status = 'confirmed', total_cents = ? * (
          SELECT COALESCE(SUM(daily_price_cents * quantity), 0) FROM rent_booking_items WHERE booking_id = ?)
        WHERE id = ? AND (${bookedLines}) = (${cartLines}) AND (${cartLines}) > 0`,
      args: [rentalDays(draft.startDate, draft.endDate), bookingId, bookingId, bookingId, userId, userId],
    },
    {
      // Explicit, so an incomplete booking goes even where foreign keys are not enforced.
      sql: `DELETE FROM rent_booking_items WHERE booking_id = ? AND NOT EXISTS (${confirmed})`,
      args: [bookingId, bookingId],
    },
    { sql: "DELETE FROM rent_bookings WHERE id = ? AND status = 'pending'", args: [bookingId] },
    {
      sql: `DELETE FROM rent_cart_items WHERE user_id = ? AND EXISTS (${confirmed})`,
      args: [userId, bookingId],
    },
    {
      sql: `DELETE FROM rent_event_drafts WHERE user_id = ? AND EXISTS (${confirmed})`,
      args: [userId, bookingId],
    },
  ];
}

/**
 * Books the user's cart for the dates of `draft`. When it fails, nothing was written and the result
 * says why: an empty cart, or the lines that are no longer free (re-read after the transaction).
 *
 * @example
 * const result = await checkOut(db, user.id, draft, "PayPal", clock.now());
 * if (result.ok) await sendConfirmation(mailer, user, result.booking);
 */
export async function checkOut(
  db: Db,
  userId: string,
  draft: RentEventDraft,
  paymentMethod: PaymentMethod,
  now: Date,
): Promise<CheckoutResult> {
  const bookingId = crypto.randomUUID();
  await db.$client.batch(checkoutStatements(bookingId, userId, draft, paymentMethod, now), "write");
  const [booking] = await db.select().from(rentBookings).where(eq(rentBookings.id, bookingId));
  if (booking) return { ok: true, booking };
  const days = rentalDays(draft.startDate, draft.endDate);
  const cart = await readCart(db, userId, { start: draft.startDate, end: draft.endDate, days });
  if (cart.lines.length === 0 && cart.unavailable.length === 0) return { ok: false, reason: "empty" };
  return { ok: false, reason: "unavailable", unavailable: cart.unavailable };
}
