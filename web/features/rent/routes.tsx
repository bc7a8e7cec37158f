/** @module Routes of Rent Technology: event details, cart, mock checkout, bookings and cancellation. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { SignedInEnv } from "../../context.ts";
import type { User } from "../../db/schema/users.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { parseForm } from "../../http/forms.ts";
import { ErrorPage } from "../../ui/pages.tsx";
import { renderPage } from "../../ui/render.tsx";
import { offeredItems } from "./availability.ts";
import { cancelBooking, findBooking, isCancellable, listBookings } from "./bookings.ts";
import {
  cartItemIds,
  MAX_CART_LINES,
  MAX_UNITS_PER_LINE,
  readCart,
  removeCartLine,
  setCartLine,
} from "./cart.ts";
import { checkOut, PAYMENT_METHODS } from "./checkout.ts";
import { BookingPage, CheckoutPage } from "./checkout_views.tsx";
import { dayOf, rentalDays } from "./dates.ts";
import { eventDetailsSchema, isDraftCurrent, readEventDraft, saveEventDraft } from "./event.ts";
import { sendBookingCancellation, sendBookingConfirmation } from "./mail.ts";
import { RentPage } from "./views.tsx";
import "./user_data.ts";

/** Fixed messages for `?notice=`, so no text from the URL is echoed into the page. */
const NOTICES: Record<string, string> = {
  "event-saved": "Your event details were saved. Here is what is available for your dates.",
  "cart-updated": "Your cart was updated.",
  "cart-removed": "The item was removed from your cart.",
  cancelled: "Your booking was cancelled. We sent you an email.",
};

const cartFormSchema = z.object({
  itemId: z.string().trim().min(1).max(64),
  quantity: z.string().trim().regex(/^\d{1,3}$/, { error: "Enter a whole number of units." }).transform(
    Number,
  )
    .refine((n) => n >= 1, { error: "Enter at least 1 unit." })
    .refine((n) => n <= MAX_UNITS_PER_LINE, {
      error: `Book at most ${MAX_UNITS_PER_LINE} units of one item.`,
    }),
});

const checkoutFormSchema = z.object({
  paymentMethod: z.enum(PAYMENT_METHODS, { error: "Choose a payment method." }),
});

const today = (c: Context<SignedInEnv>) => dayOf(c.var.deps.clock.now());

/** The signed-in user's event draft, if its dates can still be booked. */
async function currentDraft(c: Context<SignedInEnv>, user: User) {
  const draft = await readEventDraft(c.var.deps.db, user.id);
  return draft && isDraftCurrent(draft, today(c)) ? draft : undefined;
}

async function showRent(
  c: Context<SignedInEnv>,
  user: User,
  options: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    status?: ContentfulStatusCode;
  } = {},
) {
  const { db } = c.var.deps;
  const draft = await currentDraft(c, user);
  const range = draft &&
    { start: draft.startDate, end: draft.endDate, days: rentalDays(draft.startDate, draft.endDate) };
  const [offered, cart, bookings] = await Promise.all([
    range ? offeredItems(db, range.start, range.end) : [],
    range ? readCart(db, user.id, range) : undefined,
    listBookings(db, user.id),
  ]);
  return renderPage(c, {
    title: "Rent Technology",
    status: options.status ?? 200,
    body: (
      <RentPage
        draft={draft}
        offered={offered}
        cart={cart}
        bookings={bookings}
        values={options.values}
        errors={options.errors}
        notice={NOTICES[c.req.query("notice") ?? ""]}
      />
    ),
  });
}

async function showCheckout(
  c: Context<SignedInEnv>,
  user: User,
  options: {
    values?: Record<string, string>;
    errors?: Record<string, string>;
    status?: ContentfulStatusCode;
  } = {},
) {
  const draft = await currentDraft(c, user);
  if (!draft) return c.redirect("/rent-technology", 303);
  const cart = await readCart(c.var.deps.db, user.id, {
    start: draft.startDate,
    end: draft.endDate,
    days: rentalDays(draft.startDate, draft.endDate),
  });
  if (cart.lines.length === 0) return c.redirect("/rent-technology", 303);
  return renderPage(c, {
    title: "Checkout (Preview)",
    status: options.status ?? 200,
    body: <CheckoutPage draft={draft} cart={cart} values={options.values} errors={options.errors} />,
  });
}

function bookingNotFound(c: Context<SignedInEnv>) {
  return renderPage(c, {
    title: "Booking not found",
    status: 404,
    body: ErrorPage({
      heading: "Booking not found",
      message: "You have no booking at this address.",
      action: { href: "/rent-technology", label: "Back to Rent Technology" },
    }),
  });
}

export const rentRoutes = guardedRoutes("/rent-technology", requireUser());

rentRoutes.get("/rent-technology", (c) => showRent(c, c.var.user));

rentRoutes.post("/rent-technology/event", async (c) => {
  const user = c.var.user;
  const form = await parseForm(c, eventDetailsSchema(today(c)));
  if (!form.ok) {
    return showRent(c, user, { values: form.values, errors: form.errors, status: form.tooLarge ? 413 : 422 });
  }
  await saveEventDraft(c.var.deps.db, user.id, form.data, c.var.deps.clock.now());
  return c.redirect("/rent-technology?notice=event-saved", 303);
});

rentRoutes.post("/rent-technology/cart", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const form = await parseForm(c, cartFormSchema);
  const itemId = form.values.itemId ?? "";
  const refuse = (errors: Record<string, string>, status: ContentfulStatusCode = 422) =>
    showRent(c, user, { errors, status });
  if (!form.ok) {
    if (form.tooLarge) return refuse(form.errors, 413);
    return refuse(form.errors.quantity ? { [`quantity-${itemId}`]: form.errors.quantity } : form.errors);
  }
  const draft = await currentDraft(c, user);
  if (!draft) return refuse({ _form: "Save your event details first: availability depends on the dates." });
  const [item] = await offeredItems(db, draft.startDate, draft.endDate, [form.data.itemId]);
  if (!item) return refuse({ _form: "That item is not offered for rent." });
  if (form.data.quantity > item.free) {
    return refuse({
      [`quantity-${item.id}`]: item.free === 0
        ? "This item is booked out for your dates."
        : `Only ${item.free} ${item.free === 1 ? "unit is" : "units are"} free for your dates.`,
    });
  }
  const inCart = await cartItemIds(db, user.id);
  if (!inCart.includes(item.id) && inCart.length >= MAX_CART_LINES) {
    return refuse({ _form: `A cart holds at most ${MAX_CART_LINES} different items.` });
  }
  await setCartLine(db, user.id, item.id, form.data.quantity, clock.now());
  return c.redirect("/rent-technology?notice=cart-updated", 303);
});

rentRoutes.post("/rent-technology/cart/:itemId/remove", async (c) => {
  await removeCartLine(c.var.deps.db, c.var.user.id, c.req.param("itemId"));
  return c.redirect("/rent-technology?notice=cart-removed", 303);
});

rentRoutes.get("/rent-technology/checkout", (c) => showCheckout(c, c.var.user));

rentRoutes.post("/rent-technology/checkout", async (c) => {
  const user = c.var.user;
  const { db, clock, mailer, config } = c.var.deps;
  const form = await parseForm(c, checkoutFormSchema);
  if (!form.ok) {
    return showCheckout(c, user, {
      values: form.values,
      errors: form.errors,
      status: form.tooLarge ? 413 : 422,
    });
  }
  const draft = await currentDraft(c, user);
  if (!draft) return showRent(c, user, { errors: { _form: "Save your event details first." }, status: 422 });
  const result = await checkOut(db, user.id, draft, form.data.paymentMethod, clock.now());
  if (!result.ok && result.reason === "empty") {
    return showRent(c, user, { errors: { _form: "Your cart is empty." }, status: 422 });
  }
  if (!result.ok) {
    return showCheckout(c, user, {
      values: form.values,
      errors: {
        _form: "Nothing was booked: some technology in your cart is no longer available for your dates.",
      },
      status: 409,
    });
  }
  const booking = (await findBooking(db, user.id, result.booking.id))!;
  try {
    await sendBookingConfirmation(mailer, user.email, booking, config.publicUrl);
  } catch (error) {
    // The booking stands; the page says the mail did not go out instead of promising it.
    console.error(`Confirmation mail for ${booking.reference} failed:`, error);
    return c.redirect(`/rent-technology/bookings/${booking.id}?confirmed=1&mail=failed`, 303);
  }
  return c.redirect(`/rent-technology/bookings/${booking.id}?confirmed=1`, 303);
});

rentRoutes.get("/rent-technology/bookings/:id", async (c) => {
  const booking = await findBooking(c.var.deps.db, c.var.user.id, c.req.param("id"));
  if (!booking) return bookingNotFound(c);
  return renderPage(c, {
    title: `Booking ${booking.reference}`,
    body: (
      <BookingPage
        booking={booking}
        justConfirmed={c.req.query("confirmed") === "1" && booking.status === "confirmed"}
        mailFailed={c.req.query("mail") === "failed"}
        cancellable={isCancellable(booking, today(c))}
      />
    ),
  });
});

rentRoutes.post("/rent-technology/bookings/:id/cancel", async (c) => {
  const user = c.var.user;
  const { db, clock, mailer, config } = c.var.deps;
  const booking = await findBooking(db, user.id, c.req.param("id"));
  if (!booking) return bookingNotFound(c);
  if (!(await cancelBooking(db, user.id, booking.id, today(c), clock.now()))) {
    return renderPage(c, {
      title: `Booking ${booking.reference}`,
      status: 422,
      body: (
        <BookingPage
          booking={booking}
          justConfirmed={false}
          cancellable={false}
          error={booking.status === "cancelled"
            ? "This booking is already cancelled."
            : "A booking can be cancelled until the day before the rental starts."}
        />
      ),
    });
  }
  await sendBookingCancellation(mailer, user.email, { ...booking, status: "cancelled" }, config.publicUrl);
  return c.redirect("/rent-technology?notice=cancelled", 303);
});
