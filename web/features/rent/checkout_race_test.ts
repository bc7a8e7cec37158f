import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { rentBookingItems, rentBookings, rentCartItems } from "../../db/schema/rent.ts";
import { type PortalServer, serveApp } from "../../server.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { dayAhead, fillCart, stockItem } from "./testing/fixture.ts";

/** Checkouts racing for the last unit, sent in parallel over real sockets to the running portal. */
describe("Rent Technology checkout under concurrency", () => {
  const RACERS = 8;
  let t: TestApp;
  let server: PortalServer;
  let origin: string;
  let racers: TestBrowser[];
  let itemId: string;

  before(async () => {
    t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    const boss = t.browser("192.0.2.70");
    // ADMIN_EMAILS makes an admin only of a verified address.
    const bossCode = await boss.signUp(t, { email: "boss@example.com" });
    await boss.post("/verify-email", { code: bossCode });
    itemId = await stockItem(t, boss, { name: "MIXERA Booth", quantity: 3, dailyPrice: "120" });
    // Two of the three units are taken for the same days, so one is left.
    await fillCart(boss, { start: dayAhead(t, 5), end: dayAhead(t, 6), itemId, quantity: 2 });
    assert.equal((await boss.post("/rent-technology/checkout", { paymentMethod: "Invoice" })).status, 303);

    racers = [];
    for (let i = 0; i < RACERS; i++) {
      const racer = t.browser(`192.0.2.${80 + i}`);
      await racer.signUp(t, { email: `racer${i}@example.com` });
      await fillCart(racer, { start: dayAhead(t, 6), end: dayAhead(t, 8), itemId });
      racers.push(racer);
    }
    server = serveApp(t.app, { hostname: "127.0.0.1", port: 0 });
    origin = `http://127.0.0.1:${server.addr.port}`;
  });
  after(async () => {
    await server.shutdown();
    await t.close();
  });

  it("leaves exactly one booking for the last unit and tells every other racer it is gone", async () => {
    const responses = await Promise.all(racers.map((racer) =>
      fetch(`${origin}/rent-technology/checkout`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ paymentMethod: "PayPal" }),
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin,
          cookie: [...racer.cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        },
      })
    ));
    const statuses = await Promise.all(responses.map(async (response) => {
      const html = await response.text();
      if (response.status === 409) assert.match(html, /MIXERA Booth is no longer available for these dates/);
      return response.status;
    }));
    assert.deepEqual(statuses.toSorted(), [303, ...Array(RACERS - 1).fill(409)]);

    const confirmed = await t.deps.db.select().from(rentBookings).where(eq(rentBookings.status, "confirmed"));
    assert.equal(confirmed.length, 2, "the earlier booking and one racer's");
    const units = await t.deps.db.select().from(rentBookingItems).where(eq(rentBookingItems.itemId, itemId));
    assert.equal(units.reduce((sum, line) => sum + line.quantity, 0), 3, "never more units than exist");
    assert.equal(
      (await t.deps.db.select().from(rentBookings)).length,
      2,
      "no pending booking is left behind",
    );
    assert.equal(
      (await t.deps.db.select().from(rentCartItems)).length,
      RACERS - 1,
      "losers keep their carts",
    );
  });
});
