/** @module Calendar days of a rental: ISO `YYYY-MM-DD` strings, both ends included, counted in UTC. */

/** The longest rental one booking may cover, so availability checks walk a bounded number of days. */
export const MAX_RENTAL_DAYS = 30;

/** How far ahead a rental may start. */
export const MAX_DAYS_AHEAD = 365;

const DAY_MS = 24 * 60 * 60 * 1000;

/** The calendar day of `instant` in UTC. */
export function dayOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** True for a real calendar day written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && dayOf(parsed) === value;
}

/**
 * Days from `start` to `end`, both included.
 *
 * @example
 * rentalDays("2026-05-01", "2026-05-03"); // 3
 */
export function rentalDays(start: string, end: string): number {
  return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS) + 1;
}

/** `day` moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  return dayOf(new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS));
}
