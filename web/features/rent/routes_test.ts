import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import {
  rentBookingItems,
  rentBookings,
  rentCartItems,
  rentEventDrafts,
  rentItems,
} from "../../db/schema/rent.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { dayAhead, fillCart, stockItem } from "./testing/fixture.ts";

describe("Rent Technology", () => {
  let t: TestApp;
  let boss: TestBrowser;
  let ana: TestBrowser;
  let ben: TestBrowser;
  let carl: TestBrowser;
  let ctrl: string;
  let start: string;
  let end: string;

  const userId = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0].id;
  const bookingsOf = async (email: string) =>
    await t.deps.db.select().from(rentBookings).where(eq(rentBookings.userId, await userId(email)));

  before(async () => {
    t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    boss = t.browser("192.0.2.60");
    ana = t.browser("192.0.2.61");
    ben = t.browser("192.0.2.62");
    carl = t.browser("192.0.2.63");
    // ADMIN_EMAILS makes an admin only of a verified address.
    const bossCode = await boss.signUp(t, { email: "boss@example.com", displayName: "Boss" });
    await boss.post("/verify-email", { code: bossCode });
    await ana.signUp(t, { email: "ana@example.com", displayName: "Ana" });
    await ben.signUp(t, { email: "ben@example.com", displayName: "Ben" });
    await carl.signUp(t, { email: "carl@example.com", displayName: "Carl" });
    ctrl = await stockItem(t, boss, { name: "MIXERA CTRL one", quantity: 2, dailyPrice: "45.50" });
    start = dayAhead(t, 10);
    end = dayAhead(t, 12);
  });
  after(() => t.close());

  it("shows the steps, an empty cart and no technology before the event details are saved", async () => {
    const page = await (await ana.get("/rent-technology")).text();
    for (const text of ["PREVIEW", "1. Event Details", "Summary", "2. Select Available Technology"]) {
      assert.ok(page.includes(text), text);
    }
    assert.match(page, /Your cart is empty/);
    assert.match(page, /Save your event details first/);
  });

  it("refuses bad event details with 422 and inline errors, storing nothing", async () => {
    const cases: [Record<string, string>, string, RegExp][] = [
      [{ startDate: dayAhead(t, -1), endDate: end }, "startDate", /cannot start in the past/],
      [{ startDate: start, endDate: dayAhead(t, 9) }, "endDate", /end date is before the start date/],
      [{ startDate: start, endDate: dayAhead(t, 60) }, "endDate", /at most 30 days/],
      [{ startDate: "2026-02-30", endDate: end }, "startDate", /as a date/],
      [{ startDate: start, endDate: end, eventType: "Rave" }, "eventType", /Choose the type of event/],
      [{ startDate: start, endDate: end, location: "" }, "location", /Enter where the event takes place/],
    ];
    for (const [fields, field, message] of cases) {
      const response = await ana.post("/rent-technology/event", {
        location: "Tresor, Berlin",
        eventType: "Club night",
        ...fields,
      });
      assert.equal(response.status, 422, field);
      const html = await response.text();
      assert.match(html, new RegExp(`id="field-${field}-error">[^<]*`), field);
      assert.match(html, message);
    }
    assert.equal((await t.deps.db.select().from(rentEventDrafts)).length, 0);
  });

  it("offers the inventory for the saved dates and refuses more units than are free", async () => {
    const saved = await ana.post("/rent-technology/event", {
      startDate: start,
      endDate: end,
      location: "Tresor, Berlin",
      eventType: "Club night",
    });
    assert.equal(saved.status, 303);
    const page = await (await ana.get("/rent-technology")).text();
    assert.match(page, /MIXERA CTRL one/);
    assert.match(page, /2 of 2 available/);
    assert.match(page, /€45\.50\/day/);
    assert.match(page, /3 days/);

    for (
      const [quantity, message] of [["3", /Only 2 units are free/], ["0", /at least 1 unit/], [
        "x",
        /whole number/,
      ]]
    ) {
      const response = await ana.post("/rent-technology/cart", { itemId: ctrl, quantity: String(quantity) });
      assert.equal(response.status, 422, String(quantity));
      const html = await response.text();
      assert.match(html, new RegExp(`id="quantity-${ctrl}-error"`));
      assert.match(html, message as RegExp);
    }
    const unknown = await ana.post("/rent-technology/cart", { itemId: "no-such-item", quantity: "1" });
    assert.equal(unknown.status, 422);
    assert.equal((await t.deps.db.select().from(rentCartItems)).length, 0);
  });

  it("books the cart at a mock checkout and mails every detail", async () => {
    assert.equal((await ana.post("/rent-technology/cart", { itemId: ctrl, quantity: "1" })).status, 303);
    const cartPage = await (await ana.get("/rent-technology")).text();
    assert.match(cartPage, /Checkout \(Preview\)/);
    assert.match(cartPage, /€136\.50/, "1 unit × €45.50 × 3 days");

    const checkout = await (await ana.get("/rent-technology/checkout")).text();
    assert.match(checkout, /Payment Method/);
    assert.match(checkout, /This is a mock checkout\. No real transaction will take place\./);

    const missing = await ana.post("/rent-technology/checkout", {});
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /id="field-paymentMethod-error">Choose a payment method\./);
    const bogus = await ana.post("/rent-technology/checkout", { paymentMethod: "Bitcoin" });
    assert.equal(bogus.status, 422);
    assert.equal((await bookingsOf("ana@example.com")).length, 0);

    const booked = await ana.post("/rent-technology/checkout", { paymentMethod: "PayPal" });
    assert.equal(booked.status, 303);
    const location = booked.headers.get("location")!;
    assert.match(location, /^\/rent-technology\/bookings\/[\w-]+\?confirmed=1$/);
    const confirmation = await (await ana.get(location)).text();
    assert.match(confirmation, /Booking Confirmed!/);
    assert.match(confirmation, /You will receive an email with all details shortly\./);

    const [booking] = await bookingsOf("ana@example.com");
    assert.equal(booking.status, "confirmed");
    assert.equal(booking.totalCents, 13650);
    const mail = (await t.lastMailTo("ana@example.com"))!;
    assert.equal(mail.subject, `Booking confirmed: ${booking.reference}`);
    for (
      const detail of [
        booking.reference,
        `${start} to ${end} (3 days)`,
        "Club night at Tresor, Berlin",
        "1 × MIXERA CTRL one at €45.50/day = €136.50",
        "Total: €136.50",
        "Payment method: PayPal",
        "no real transaction",
      ]
    ) assert.ok(mail.text.includes(detail), detail);

    const after = await (await ana.get("/rent-technology")).text();
    assert.match(after, /Your cart is empty/);
    assert.match(after, new RegExp(booking.reference));
  });

  it("keeps one user's bookings away from another", async () => {
    const [booking] = await bookingsOf("ana@example.com");
    assert.equal((await ben.get(`/rent-technology/bookings/${booking.id}`)).status, 404);
    assert.equal((await ben.post(`/rent-technology/bookings/${booking.id}/cancel`)).status, 404);
    assert.doesNotMatch(await (await ben.get("/rent-technology")).text(), new RegExp(booking.reference));
    assert.equal((await bookingsOf("ana@example.com"))[0].status, "confirmed");
  });

  it("reports at checkout an item that was booked out meanwhile, and books nothing", async () => {
    await fillCart(ben, { start, end, itemId: ctrl });
    await fillCart(carl, { start: dayAhead(t, 12), end: dayAhead(t, 14), itemId: ctrl });
    assert.equal((await carl.post("/rent-technology/checkout", { paymentMethod: "Invoice" })).status, 303);

    const late = await ben.post("/rent-technology/checkout", { paymentMethod: "Credit card" });
    assert.equal(late.status, 409);
    const html = await late.text();
    assert.match(html, /Nothing was booked/);
    assert.match(html, /MIXERA CTRL one is no longer available for these dates: you asked for 1, 0 are free/);
    assert.equal((await bookingsOf("ben@example.com")).length, 0);
    assert.equal((await t.deps.db.select().from(rentCartItems)).length, 1, "Ben's cart is kept");
    assert.match(await (await ben.get("/rent-technology")).text(), /Booked out for these dates/);
  });

  it("counts bookings day by day: two that do not overlap each other leave a unit free across both", async () => {
    const page = await (await boss.post("/rent-technology/event", {
      startDate: dayAhead(t, 9),
      endDate: dayAhead(t, 15),
      location: "Berghain",
      eventType: "Festival",
    })).headers.get("location");
    assert.ok(page);
    // Ana holds 1 unit on days 10–12 and Carl 1 on days 12–14: day 12 is full, so 0 are free.
    assert.match(await (await boss.get("/rent-technology")).text(), /Booked out for these dates/);
    await boss.post("/rent-technology/event", {
      startDate: dayAhead(t, 13),
      endDate: dayAhead(t, 15),
      location: "Berghain",
      eventType: "Festival",
    });
    assert.match(await (await boss.get("/rent-technology")).text(), /1 of 2 available/);
  });

  it("cancels a booking once, mails it, and frees the unit", async () => {
    const [booking] = await bookingsOf("ana@example.com");
    const cancelled = await ana.post(`/rent-technology/bookings/${booking.id}/cancel`);
    assert.equal(cancelled.status, 303);
    assert.equal((await bookingsOf("ana@example.com"))[0].status, "cancelled");
    assert.equal((await t.lastMailTo("ana@example.com"))!.subject, `Booking cancelled: ${booking.reference}`);
    const again = await ana.post(`/rent-technology/bookings/${booking.id}/cancel`);
    assert.equal(again.status, 422);
    assert.match(await again.text(), /already cancelled/);
    assert.equal((await ben.post("/rent-technology/checkout", { paymentMethod: "Credit card" })).status, 303);
  });

  it("does not cancel a rental that has started", async () => {
    const [booking] = await bookingsOf("ben@example.com");
    const day = 24 * 60 * 60 * 1000;
    // Sessions expire after 10 idle days, so Ben looks in halfway.
    t.clock.advance(6 * day);
    assert.equal((await ben.get("/rent-technology")).status, 200);
    t.clock.advance(5 * day);
    try {
      const response = await ben.post(`/rent-technology/bookings/${booking.id}/cancel`);
      assert.equal(response.status, 422);
      assert.match(await response.text(), /until the day before the rental starts/);
      assert.equal((await bookingsOf("ben@example.com"))[0].status, "confirmed");
    } finally {
      t.clock.advance(-11 * day);
    }
  });

  it("lets only admins manage the inventory, and refuses bad items with 422 and inline errors", async () => {
    assert.equal((await ana.get("/admin/rent")).status, 403);
    assert.equal((await ana.post("/admin/rent/items", { name: "Sneaky" })).status, 403);
    const bad = await boss.post("/admin/rent/items", {
      name: "",
      category: "Boats",
      dailyPrice: "-3",
      quantity: "lots",
    });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    for (const field of ["name", "category", "dailyPrice", "quantity"]) {
      assert.match(html, new RegExp(`id="field-${field}-error"`), field);
    }
    assert.equal((await t.deps.db.select().from(rentItems)).length, 1);

    const edit = await boss.post(`/admin/rent/items/${ctrl}`, {
      name: "MIXERA CTRL one",
      category: "Controllers",
      dailyPrice: "49",
      quantity: "5",
    });
    assert.equal(edit.status, 303);
    const [item] = await t.deps.db.select().from(rentItems).where(eq(rentItems.id, ctrl));
    assert.deepEqual([item.dailyPriceCents, item.quantity, item.active], [4900, 5, false]);
    await boss.post("/rent-technology/event", {
      startDate: start,
      endDate: end,
      location: "Berghain",
      eventType: "Festival",
    });
    assert.match(await (await boss.get("/rent-technology")).text(), /No technology is offered/);
  });

  it("leaves no rental row of a deleted account", async () => {
    const id = await userId("ben@example.com");
    const event = await ben.post("/rent-technology/event", {
      startDate: dayAhead(t, 40),
      endDate: dayAhead(t, 41),
      location: "Watergate",
      eventType: "Wedding",
    });
    assert.equal(event.status, 303);
    const deleted = await ben.post("/danger-zone/delete", { password: "correct horse battery" });
    assert.equal(deleted.status, 303);
    assert.equal((await t.deps.db.select().from(rentBookings).where(eq(rentBookings.userId, id))).length, 0);
    assert.equal(
      (await t.deps.db.select().from(rentCartItems).where(eq(rentCartItems.userId, id))).length,
      0,
    );
    assert.equal(
      (await t.deps.db.select().from(rentEventDrafts).where(eq(rentEventDrafts.userId, id))).length,
      0,
    );
    const orphans = await t.deps.db.$client.execute(
      "SELECT COUNT(*) AS n FROM rent_booking_items WHERE booking_id NOT IN (SELECT id FROM rent_bookings)",
    );
    assert.equal(Number(orphans.rows[0].n), 0);
    assert.ok((await t.deps.db.select().from(rentBookingItems)).length > 0, "other users' bookings stay");
  });
});

describe("Rent Technology when mail fails", () => {
  it("keeps the booking and says the confirmation could not be sent", async () => {
    const t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    try {
      const boss = t.browser("192.0.2.64");
      await boss.post("/verify-email", { code: await boss.signUp(t, { email: "boss@example.com" }) });
      const itemId = await stockItem(t, boss, { name: "Booth", quantity: 1, dailyPrice: "10" });
      await fillCart(boss, { start: dayAhead(t, 3), end: dayAhead(t, 3), itemId });
      const send = t.deps.mailer.send;
      t.deps.mailer.send = () => Promise.reject(new Error("SMTP is down"));
      const originalError = console.error;
      console.error = () => {};
      let response;
      try {
        response = await boss.post("/rent-technology/checkout", { paymentMethod: "Invoice" });
      } finally {
        t.deps.mailer.send = send;
        console.error = originalError;
      }
      assert.equal(response.status, 303);
      const page = await (await boss.get(response.headers.get("location")!)).text();
      assert.match(page, /Booking Confirmed!/);
      assert.match(page, /the confirmation email could not be sent/);
      assert.equal((await t.deps.db.select().from(rentBookings)).length, 1);
    } finally {
      await t.close();
    }
  });
});
