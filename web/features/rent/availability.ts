/**
 * @module
 * How many units of an item are free for every day of a date range: the item's quantity minus the
 * busiest day's confirmed bookings. The same SQL expression lists the shop and guards the checkout
 * transaction, so what the page offers and what checkout accepts cannot disagree.
 */
import type { InValue } from "@libsql/client";
import type { Db } from "../../db/client.ts";
import type { RentItem } from "../../db/schema/rent.ts";

/**
 * A scalar SQL expression for the free units of the `rent_items` row aliased `alias` over
 * [start, end]; its placeholders take `args` in order. Walks the range day by day (at most
 * MAX_RENTAL_DAYS) so two bookings that overlap the range but not each other count once each day.
 */
export function freeUnitsSql(alias: string, start: string, end: string): { sql: string; args: InValue[] } {
  return {
    sql: `(${alias}.quantity - COALESCE((
      WITH RECURSIVE days(day) AS (SELECT ? UNION ALL SELECT date(day, '+1 day') FROM days WHERE day < ?)
      SELECT MAX((
        SELECT COALESCE(SUM(bi.quantity), 0)
        FROM rent_booking_items bi JOIN rent_bookings b ON b.id = bi.booking_id
        WHERE bi.item_id = ${alias}.id AND b.status = 'confirmed'
          AND b.start_date <= days.day AND b.end_date >= days.day
      )) FROM days
    ), 0))`,
    args: [start, end],
  };
}

export interface OfferedItem extends RentItem {
  /** Units free on every day of the range (never below 0). */
  free: number;
}

const ITEM_COLUMNS = `i.id, i.name, i.category, i.description, i.daily_price_cents, i.quantity, i.active,
  i.created_at`;

function toOffered(row: Record<string, unknown>): OfferedItem {
  return {
    id: String(row.id),
    name: String(row.name),
    category: String(row.category),
    description: String(row.description),
    dailyPriceCents: Number(row.daily_price_cents),
    quantity: Number(row.quantity),
    active: Number(row.active) === 1,
    createdAt: new Date(Number(row.created_at)),
    free: Math.max(0, Number(row.free)),
  };
}

/**
 * Active items with their free units for [start, end], by category and name; `ids` narrows the list.
 *
 * @example
 * const offered = await offeredItems(db, "2026-06-01", "2026-06-03");
 */
export async function offeredItems(
  db: Db,
  start: string,
  end: string,
  ids?: readonly string[],
): Promise<OfferedItem[]> {
  const free = freeUnitsSql("i", start, end);
  const only = ids ? ` AND i.id IN (${ids.map(() => "?").join(", ") || "NULL"})` : "";
  const result = await db.$client.execute({
    sql: `SELECT ${ITEM_COLUMNS}, ${free.sql} AS free FROM rent_items i
      WHERE i.active = 1${only} ORDER BY i.category, i.name`,
    args: [...free.args, ...(ids ?? [])],
  });
  return result.rows.map((row) => toOffered(row as unknown as Record<string, unknown>));
}
