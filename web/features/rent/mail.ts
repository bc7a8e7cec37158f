/** @module The mails of a rental: the confirmation with every detail, and the cancellation. */
import type { Mailer } from "../../mail/mailer.ts";
import { formatEuro } from "../../ui/money.ts";
import type { BookingWithItems } from "./bookings.ts";
import { rentalDays } from "./dates.ts";

function bookingDetails(booking: BookingWithItems, publicUrl: string): string[] {
  const days = rentalDays(booking.startDate, booking.endDate);
  return [
    `Booking reference: ${booking.reference}`,
    `Event: ${booking.eventType} at ${booking.location}`,
    `Dates: ${booking.startDate} to ${booking.endDate} (${days} day${days === 1 ? "" : "s"})`,
    "",
    "Technology:",
    ...booking.items.map((item) =>
      `  ${item.quantity} × ${item.itemName} at ${formatEuro(item.dailyPriceCents)}/day = ${
        formatEuro(item.dailyPriceCents * item.quantity * days)
      }`
    ),
    "",
    `Total: ${formatEuro(booking.totalCents)}`,
    `Payment method: ${booking.paymentMethod}`,
    "This was a mock checkout (preview): no real transaction took place and nothing was charged.",
    "",
    `Your bookings: ${publicUrl}/rent-technology/bookings/${booking.id}`,
  ];
}

export function sendBookingConfirmation(
  mailer: Mailer,
  to: string,
  booking: BookingWithItems,
  publicUrl: string,
): Promise<void> {
  return mailer.send({
    to,
    subject: `Booking confirmed: ${booking.reference}`,
    text: [
      "Booking Confirmed!",
      "Your rental has been successfully booked.",
      "",
      ...bookingDetails(booking, publicUrl),
    ]
      .join("\n"),
  });
}

export function sendBookingCancellation(
  mailer: Mailer,
  to: string,
  booking: BookingWithItems,
  publicUrl: string,
): Promise<void> {
  return mailer.send({
    to,
    subject: `Booking cancelled: ${booking.reference}`,
    text: [
      "Your rental was cancelled. The technology is free for others again.",
      "",
      ...bookingDetails(booking, publicUrl),
    ]
      .join("\n"),
  });
}
