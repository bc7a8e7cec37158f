/** @module Test support for Rent Technology: an admin who stocks the inventory, and dates ahead of the clock. */
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { rentItems } from "../../../db/schema/rent.ts";
import type { TestApp, TestBrowser } from "../../../testing/test_app.ts";
import { addDays, dayOf } from "../dates.ts";

/** A calendar day `days` after the test clock's today. */
export function dayAhead(t: TestApp, days: number): string {
  return addDays(dayOf(t.clock.now()), days);
}

/** Adds an item through the admin form and returns its id. */
export async function stockItem(
  t: TestApp,
  admin: TestBrowser,
  item: { name: string; quantity: number; dailyPrice: string; category?: string },
): Promise<string> {
  const response = await admin.post("/admin/rent/items", {
    name: item.name,
    category: item.category ?? "Controllers",
    description: "",
    dailyPrice: item.dailyPrice,
    quantity: String(item.quantity),
    active: "on",
  });
  assert.equal(response.status, 303, await response.text());
  const [row] = await t.deps.db.select().from(rentItems).where(eq(rentItems.name, item.name));
  return row.id;
}

/** Saves event details and puts `quantity` units of `itemId` into the cart. */
export async function fillCart(
  browser: TestBrowser,
  { start, end, itemId, quantity = 1 }: { start: string; end: string; itemId: string; quantity?: number },
): Promise<void> {
  const event = await browser.post("/rent-technology/event", {
    startDate: start,
    endDate: end,
    location: "Tresor, Berlin",
    eventType: "Club night",
  });
  assert.equal(event.status, 303, await event.text());
  const cart = await browser.post("/rent-technology/cart", { itemId, quantity: String(quantity) });
  assert.equal(cart.status, 303, await cart.text());
}
