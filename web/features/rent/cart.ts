/** @module The shopping cart: per user, one line per item, priced for the event's dates. */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { rentCartItems } from "../../db/schema/rent.ts";
import { type OfferedItem, offeredItems } from "./availability.ts";

/** At most this many units of one item per booking, and lines per cart, to keep requests bounded. */
export const MAX_UNITS_PER_LINE = 50;
export const MAX_CART_LINES = 30;

export interface CartLine {
  item: OfferedItem;
  quantity: number;
  /** Daily price × quantity × days. */
  subtotalCents: number;
}

export interface Cart {
  lines: CartLine[];
  totalCents: number;
  /** Lines asking for more units than are free for the dates (or for retired items), by item name. */
  unavailable: { name: string; wanted: number; free: number }[];
}

/** The user's cart priced and checked against availability for [start, end] of `days` days. */
export async function readCart(
  db: Db,
  userId: string,
  range: { start: string; end: string; days: number },
): Promise<Cart> {
  const rows = await db.select().from(rentCartItems).where(eq(rentCartItems.userId, userId))
    .orderBy(rentCartItems.addedAt);
  const offered = new Map(
    (await offeredItems(db, range.start, range.end, rows.map((row) => row.itemId))).map((
      item,
    ) => [item.id, item]),
  );
  const lines: CartLine[] = [];
  const unavailable: Cart["unavailable"] = [];
  for (const row of rows) {
    const item = offered.get(row.itemId);
    if (!item) {
      unavailable.push({ name: "A retired item", wanted: row.quantity, free: 0 });
      continue;
    }
    if (item.free < row.quantity) {
      unavailable.push({ name: item.name, wanted: row.quantity, free: item.free });
    }
    lines.push({
      item,
      quantity: row.quantity,
      subtotalCents: item.dailyPriceCents * row.quantity * range.days,
    });
  }
  return { lines, totalCents: lines.reduce((sum, line) => sum + line.subtotalCents, 0), unavailable };
}

/** Sets the units of `itemId` in the cart (adding the line if needed). */
export async function setCartLine(db: Db, userId: string, itemId: string, quantity: number, now: Date) {
  await db.insert(rentCartItems).values({ userId, itemId, quantity, addedAt: now }).onConflictDoUpdate({
    target: [rentCartItems.userId, rentCartItems.itemId],
    set: { quantity },
  });
}

export async function removeCartLine(db: Db, userId: string, itemId: string): Promise<void> {
  await db.delete(rentCartItems).where(
    and(eq(rentCartItems.userId, userId), eq(rentCartItems.itemId, itemId)),
  );
}

/** The items the user's cart holds. */
export async function cartItemIds(db: Db, userId: string): Promise<string[]> {
  const rows = await db.select({ itemId: rentCartItems.itemId }).from(rentCartItems).where(
    eq(rentCartItems.userId, userId),
  );
  return rows.map((row) => row.itemId);
}
