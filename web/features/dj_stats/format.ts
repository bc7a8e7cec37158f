/** @module How DJ Stats writes its numbers: hours, minutes, clock times and "Last updated". */
import { formatTime } from "../../ui/format.ts";

export function formatHours(hours: number): string {
  return `${hours.toLocaleString("en-US", { maximumFractionDigits: 1 })} h`;
}

export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m ? `${h} h ${m} min` : `${h} h`;
}

/** `11PM`, `12AM`, `3PM`: the hour as the seed's "Most active: Saturday 11PM" writes it. */
export function formatHour12(hour: number): string {
  const suffix = hour < 12 ? "AM" : "PM";
  return `${hour % 12 === 0 ? 12 : hour % 12}${suffix}`;
}

/** `m:ss` or `h:mm:ss`, as setlists write durations. */
export function formatDuration(seconds: number): string {
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * "Today, 21:14 UTC", "Yesterday, 08:02 UTC" or the full time; "Never" before the first batch.
 *
 * @example
 * formatLastUpdated(new Date("2026-12-01T21:14:00Z"), new Date("2026-12-01T22:00:00Z")); // "Today, 21:14 UTC"
 */
export function formatLastUpdated(at: Date | null, now: Date): string {
  if (!at) return "Never";
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const clock = at.toISOString().slice(11, 16);
  if (day(at) === day(now)) return `Today, ${clock} UTC`;
  if (day(at) === day(new Date(now.getTime() - 86_400_000))) return `Yesterday, ${clock} UTC`;
  return formatTime(at);
}
