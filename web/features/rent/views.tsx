/** @module The Rent Technology page: event details, summary, available technology, cart and bookings. */
import type { RentEventDraft } from "../../db/schema/rent.ts";
import { Field, type FieldErrors, Notice, PageHeader } from "../../ui/components.tsx";
import { SelectField } from "../../ui/choice_fields.tsx";
import { formatEuro } from "../../ui/money.ts";
import type { OfferedItem } from "./availability.ts";
import type { BookingWithItems } from "./bookings.ts";
import type { Cart } from "./cart.ts";
import { rentalDays } from "./dates.ts";
import { EVENT_TYPES } from "./event.ts";

export function RentHeader({ subtitle }: { subtitle?: string }) {
  return (
    <PageHeader
      title="Rent Technology"
      intro={
        <>
          <span class="badge badge-warning">PREVIEW</span>{" "}
          {subtitle ?? "Rent MIXERA equipment for your event: pick the dates, choose what you need, book."}
        </>
      }
    />
  );
}

function EventDetailsPanel(
  { draft, values, errors }: { draft?: RentEventDraft; values: Record<string, string>; errors: FieldErrors },
) {
  const value = (name: keyof RentEventDraft & string) =>
    values[name] ?? (draft?.[name] as string | undefined);
  return (
    <section class="panel" aria-labelledby="rent-event">
      <h2 id="rent-event">1. Event Details</h2>
      <form method="post" action="/rent-technology/event" novalidate>
        <Field
          label="Start date"
          name="startDate"
          type="date"
          value={value("startDate")}
          error={errors.startDate}
        />
        <Field label="End date" name="endDate" type="date" value={value("endDate")} error={errors.endDate} />
        <Field
          label="Location"
          name="location"
          value={value("location")}
          error={errors.location}
          maxlength={120}
          hint="Venue and city, where we deliver the technology."
        />
        <SelectField
          label="Event type"
          name="eventType"
          options={EVENT_TYPES}
          value={value("eventType")}
          error={errors.eventType}
        />
        <button type="submit" class="button">Save event details</button>
      </form>
    </section>
  );
}

/** The event and cart at a glance; shown on the rent page and at checkout. */
export function SummaryPanel({ draft, cart }: { draft?: RentEventDraft; cart?: Cart }) {
  return (
    <section class="panel" aria-labelledby="rent-summary">
      <h2 id="rent-summary">Summary</h2>
      {draft
        ? (
          <dl class="facts" data-testid="rent-summary">
            <dt>Event</dt>
            <dd>{draft.eventType}</dd>
            <dt>Location</dt>
            <dd>{draft.location}</dd>
            <dt>Dates</dt>
            <dd>
              {draft.startDate} to {draft.endDate} ({rentalDays(draft.startDate, draft.endDate)} days)
            </dd>
            <dt>Items</dt>
            <dd>{cart ? cart.lines.reduce((sum, line) => sum + line.quantity, 0) : 0}</dd>
            <dt>Total</dt>
            <dd>{formatEuro(cart?.totalCents ?? 0)}</dd>
          </dl>
        )
        : <p class="muted">Enter your event details to see what is available for your dates.</p>}
    </section>
  );
}

function ItemRow({ item, inCart, error }: { item: OfferedItem; inCart: number; error?: string }) {
  const id = `quantity-${item.id}`;
  return (
    <tr data-testid="rent-item">
      <td>
        <strong>{item.name}</strong>
        <div class="muted">{item.category}{item.description ? ` · ${item.description}` : ""}</div>
      </td>
      <td>{formatEuro(item.dailyPriceCents)}/day</td>
      <td>{item.free > 0 ? `${item.free} of ${item.quantity} available` : "Booked out for these dates"}</td>
      <td>
        {item.free > 0
          ? (
            <form method="post" action="/rent-technology/cart" class="inline-form" novalidate>
              <input type="hidden" name="itemId" value={item.id} />
              <div class={error ? "field field-invalid" : "field"}>
                <label for={id}>Units</label>
                <input
                  id={id}
                  name="quantity"
                  type="number"
                  min={1}
                  max={item.free}
                  value={String(inCart || 1)}
                  inputmode="numeric"
                  aria-invalid={error ? "true" : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
              </div>
              <button type="submit" class="button button-small">
                {inCart ? "Update cart" : "Add to cart"}
              </button>
              {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
            </form>
          )
          : null}
      </td>
    </tr>
  );
}

function TechnologyPanel(
  { draft, offered, cart, errors }: {
    draft?: RentEventDraft;
    offered: OfferedItem[];
    cart?: Cart;
    errors: FieldErrors;
  },
) {
  const inCart = new Map(cart?.lines.map((line) => [line.item.id, line.quantity]));
  return (
    <section class="panel" aria-labelledby="rent-technology">
      <h2 id="rent-technology">2. Select Available Technology</h2>
      {!draft
        ? <p class="muted">Save your event details first: what is available depends on the dates.</p>
        : offered.length === 0
        ? <p class="muted">No technology is offered for rent at the moment.</p>
        : (
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Technology</th>
                  <th scope="col">Price</th>
                  <th scope="col">Availability</th>
                  <th scope="col">
                    <span class="muted">Add</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {offered.map((item) => (
                  <ItemRow
                    item={item}
                    inCart={inCart.get(item.id) ?? 0}
                    error={errors[`quantity-${item.id}`]}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
    </section>
  );
}

/** The cart's lines; `editable` adds the remove buttons. */
export function CartLines({ cart, editable }: { cart: Cart; editable: boolean }) {
  return (
    <div class="table-wrap">
      <table data-testid="rent-cart">
        <thead>
          <tr>
            <th scope="col">Technology</th>
            <th scope="col">Units</th>
            <th scope="col">Subtotal</th>
            {editable
              ? (
                <th scope="col">
                  <span class="muted">Remove</span>
                </th>
              )
              : null}
          </tr>
        </thead>
        <tbody>
          {cart.lines.map((line) => (
            <tr>
              <td>{line.item.name}</td>
              <td>{line.quantity}</td>
              <td>{formatEuro(line.subtotalCents)}</td>
              {editable
                ? (
                  <td>
                    <form method="post" action={`/rent-technology/cart/${line.item.id}/remove`}>
                      <button type="submit" class="button button-small button-quiet">Remove</button>
                    </form>
                  </td>
                )
                : null}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td></td>
            <td>
              <strong>{formatEuro(cart.totalCents)}</strong>
            </td>
            {editable ? <td></td> : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

/** "X is no longer available": lines of the cart that cannot be booked for the dates. */
export function UnavailableNotice({ unavailable }: { unavailable: Cart["unavailable"] }) {
  if (unavailable.length === 0) return null;
  return (
    <Notice kind="error">
      <ul data-testid="rent-unavailable">
        {unavailable.map((line) => (
          <li>
            {line.name} is no longer available for these dates: you asked for {line.wanted}, {line.free}{" "}
            {line.free === 1 ? "is" : "are"} free. Lower the units or remove it.
          </li>
        ))}
      </ul>
    </Notice>
  );
}

function CartPanel({ cart }: { cart?: Cart }) {
  return (
    <section class="panel" aria-labelledby="rent-cart">
      <h2 id="rent-cart">Shopping Cart</h2>
      {!cart || cart.lines.length === 0 ? <p class="muted">Your cart is empty</p> : (
        <>
          <UnavailableNotice unavailable={cart.unavailable} />
          <CartLines cart={cart} editable />
          <div class="actions">
            <a class="button" href="/rent-technology/checkout">Checkout (Preview)</a>
          </div>
        </>
      )}
    </section>
  );
}

export function BookingStatus({ booking }: { booking: BookingWithItems }) {
  return booking.status === "confirmed"
    ? <span class="badge">Confirmed</span>
    : <span class="badge badge-muted">Cancelled</span>;
}

function BookingsPanel({ bookings }: { bookings: BookingWithItems[] }) {
  return (
    <section class="panel" aria-labelledby="rent-bookings">
      <h2 id="rent-bookings">Your Bookings</h2>
      {bookings.length === 0 ? <p class="muted">You have no bookings yet.</p> : (
        <div class="table-wrap">
          <table data-testid="rent-bookings">
            <thead>
              <tr>
                <th scope="col">Reference</th>
                <th scope="col">Dates</th>
                <th scope="col">Event</th>
                <th scope="col">Total</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {bookings.map((booking) => (
                <tr>
                  <td>
                    <a href={`/rent-technology/bookings/${booking.id}`}>
                      <code>{booking.reference}</code>
                    </a>
                  </td>
                  <td>{booking.startDate} to {booking.endDate}</td>
                  <td>{booking.eventType}, {booking.location}</td>
                  <td>{formatEuro(booking.totalCents)}</td>
                  <td>
                    <BookingStatus booking={booking} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export interface RentPageProps {
  draft?: RentEventDraft;
  offered: OfferedItem[];
  cart?: Cart;
  bookings: BookingWithItems[];
  values?: Record<string, string>;
  errors?: FieldErrors;
  notice?: string;
}

export function RentPage(
  { draft, offered, cart, bookings, values = {}, errors = {}, notice }: RentPageProps,
) {
  return (
    <div>
      <RentHeader />
      {notice ? <Notice kind="success">{notice}</Notice> : null}
      {errors._form ? <Notice kind="error">{errors._form}</Notice> : null}
      <EventDetailsPanel draft={draft} values={values} errors={errors} />
      <SummaryPanel draft={draft} cart={cart} />
      <TechnologyPanel draft={draft} offered={offered} cart={cart} errors={errors} />
      <CartPanel cart={cart} />
      <BookingsPanel bookings={bookings} />
    </div>
  );
}
