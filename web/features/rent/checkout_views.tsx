/** @module The mock checkout page and the booking page ("Booking Confirmed!", details, cancellation). */
import type { RentEventDraft } from "../../db/schema/rent.ts";
import { type FieldErrors, Notice } from "../../ui/components.tsx";
import { RadioGroup } from "../../ui/choice_fields.tsx";
import { formatEuro } from "../../ui/money.ts";
import type { BookingWithItems } from "./bookings.ts";
import type { Cart } from "./cart.ts";
import { PAYMENT_METHODS } from "./checkout.ts";
import { rentalDays } from "./dates.ts";
import { BookingStatus, CartLines, RentHeader, SummaryPanel, UnavailableNotice } from "./views.tsx";

export const MOCK_CHECKOUT_NOTICE = "This is a mock checkout. No real transaction will take place.";

export function CheckoutPage(
  { draft, cart, values = {}, errors = {} }: {
    draft: RentEventDraft;
    cart: Cart;
    values?: Record<string, string>;
    errors?: FieldErrors;
  },
) {
  return (
    <div>
      <RentHeader subtitle="Check your rental and confirm the booking." />
      <SummaryPanel draft={draft} cart={cart} />
      <section class="panel" aria-labelledby="rent-checkout">
        <h2 id="rent-checkout">Checkout (Preview)</h2>
        {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
        <UnavailableNotice unavailable={cart.unavailable} />
        <CartLines cart={cart} editable={false} />
        <form method="post" action="/rent-technology/checkout" novalidate>
          <RadioGroup
            label="Payment Method"
            name="paymentMethod"
            options={PAYMENT_METHODS}
            value={values.paymentMethod}
            error={errors.paymentMethod}
          />
          <Notice kind="info">{MOCK_CHECKOUT_NOTICE}</Notice>
          <div class="actions">
            <button type="submit" class="button">Confirm booking</button>
            <a class="button button-quiet" href="/rent-technology">Back to the cart</a>
          </div>
        </form>
      </section>
    </div>
  );
}

export function BookingPage(
  { booking, justConfirmed, mailFailed = false, cancellable, error }: {
    booking: BookingWithItems;
    justConfirmed: boolean;
    mailFailed?: boolean;
    cancellable: boolean;
    error?: string;
  },
) {
  const days = rentalDays(booking.startDate, booking.endDate);
  return (
    <div>
      <RentHeader subtitle={`Booking ${booking.reference}`} />
      {justConfirmed
        ? (
          <section class="panel" aria-labelledby="rent-confirmed">
            <h2 id="rent-confirmed">Booking Confirmed!</h2>
            <p>
              {mailFailed
                ? "Your rental has been successfully booked, but the confirmation email could not be sent. All details are on this page."
                : "Your rental has been successfully booked. You will receive an email with all details shortly."}
            </p>
          </section>
        )
        : null}
      {error ? <Notice kind="error">{error}</Notice> : null}
      <section class="panel" aria-labelledby="rent-booking">
        <h2 id="rent-booking">
          Booking <code>{booking.reference}</code> <BookingStatus booking={booking} />
        </h2>
        <dl class="facts">
          <dt>Event</dt>
          <dd>{booking.eventType}</dd>
          <dt>Location</dt>
          <dd>{booking.location}</dd>
          <dt>Dates</dt>
          <dd>{booking.startDate} to {booking.endDate} ({days} days)</dd>
          <dt>Payment method</dt>
          <dd>{booking.paymentMethod} (mock checkout, nothing was charged)</dd>
          <dt>Total</dt>
          <dd>{formatEuro(booking.totalCents)}</dd>
        </dl>
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Technology</th>
                <th scope="col">Units</th>
                <th scope="col">Price per day</th>
                <th scope="col">Subtotal</th>
              </tr>
            </thead>
            <tbody>
              {booking.items.map((item) => (
                <tr>
                  <td>{item.itemName}</td>
                  <td>{item.quantity}</td>
                  <td>{formatEuro(item.dailyPriceCents)}</td>
                  <td>{formatEuro(item.dailyPriceCents * item.quantity * days)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="actions">
          {cancellable
            ? (
              <form method="post" action={`/rent-technology/bookings/${booking.id}/cancel`}>
                <button type="submit" class="button button-danger">Cancel booking</button>
              </form>
            )
            : null}
          <a class="button button-quiet" href="/rent-technology">Back to Rent Technology</a>
        </div>
      </section>
    </div>
  );
}
