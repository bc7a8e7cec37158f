/**
 * @module How pages write a point in time: in UTC, as the server sees it, so a page reads the same
 * without JavaScript and whatever the reader's time zone.
 */

/**
 * `2026-12-01 20:21 UTC`, or with `"second"` precision `2026-12-01 20:21:05 UTC`.
 *
 * @example
 * formatTime(new Date("2026-12-01T20:21:05.123Z")); // "2026-12-01 20:21 UTC"
 * formatTime(new Date("2026-12-01T20:21:05.123Z"), "second"); // "2026-12-01 20:21:05 UTC"
 */
export function formatTime(date: Date, precision: "minute" | "second" = "minute"): string {
  const length = precision === "second" ? "YYYY-MM-DD HH:MM:SS".length : "YYYY-MM-DD HH:MM".length;
  return `${date.toISOString().replace("T", " ").slice(0, length)} UTC`;
}
