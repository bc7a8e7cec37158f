/** @module The rental inventory as admins manage it: items, their daily price and how many units exist. */
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type RentItem, rentItems } from "../../db/schema/rent.ts";
import { parseEuroCents } from "../../ui/money.ts";

export const ITEM_CATEGORIES = [
  "Controllers",
  "Mixers",
  "Speakers",
  "Lighting",
  "Microphones",
  "Accessories",
] as const;

/** The admin's item form (create and edit share it). */
export const itemFormSchema = z.object({
  name: z.string().trim().min(2, { error: "Enter the item's name." }).max(80, {
    error: "Use at most 80 characters.",
  }),
  category: z.enum(ITEM_CATEGORIES, { error: "Choose a category." }),
  description: z.string().trim().max(300, { error: "Use at most 300 characters." }).default(""),
  dailyPrice: z.string().transform((text, context) => {
    const cents = parseEuroCents(text);
    if (cents === null || cents > 1_000_000) {
      context.addIssue({ code: "custom", message: "Enter a daily price in euros, such as 49 or 49.50." });
      return z.NEVER;
    }
    return cents;
  }),
  quantity: z.string().trim().regex(/^\d{1,4}$/, { error: "Enter how many units exist (0–1000)." }).transform(
    Number,
  ).refine((n) => n <= 1000, { error: "Enter how many units exist (0–1000)." }),
  active: z.literal("on").optional().transform((value) => value === "on"),
});

export type ItemForm = z.output<typeof itemFormSchema>;

export function listInventory(db: Db): Promise<RentItem[]> {
  return db.select().from(rentItems).orderBy(asc(rentItems.category), asc(rentItems.name));
}

export async function findItem(db: Db, id: string): Promise<RentItem | undefined> {
  const [item] = await db.select().from(rentItems).where(eq(rentItems.id, id));
  return item;
}

export async function createItem(db: Db, form: ItemForm, now: Date): Promise<RentItem> {
  const { dailyPrice, ...rest } = form;
  const [item] = await db.insert(rentItems).values({
    id: crypto.randomUUID(),
    ...rest,
    dailyPriceCents: dailyPrice,
    createdAt: now,
  }).returning();
  return item;
}

/**
 * Changes an item. Lowering the quantity does not touch bookings already confirmed; it only limits
 * what is offered from now on.
 */
export async function updateItem(db: Db, id: string, form: ItemForm): Promise<boolean> {
  const { dailyPrice, ...rest } = form;
  const updated = await db.update(rentItems).set({ ...rest, dailyPriceCents: dailyPrice }).where(
    eq(rentItems.id, id),
  )
    .returning({ id: rentItems.id });
  return updated.length === 1;
}
