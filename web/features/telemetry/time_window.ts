/**
 * @module
 * Telemetry must describe the recent past: an event dated years ago or in the future comes from a
 * device clock that is wrong (a board without a real-time clock before NTP), and would land on days
 * and leaderboards it has nothing to do with.
 */
import {
  MAX_EVENT_AGE_MS,
  MAX_EVENT_CLOCK_SKEW_MS,
  type TelemetryEvent,
} from "../../../shared/telemetry/mod.ts";

/** Why an event of `events` is dated outside the accepted window around `receivedAt`; null when none is. */
export function eventOutsideWindow(events: TelemetryEvent[], receivedAt: Date): string | null {
  const earliest = receivedAt.getTime() - MAX_EVENT_AGE_MS;
  const latest = receivedAt.getTime() + MAX_EVENT_CLOCK_SKEW_MS;
  for (const [index, event] of events.entries()) {
    const instants = event.kind === "track_play" ? [event.ts, event.startedAt] : [event.ts];
    for (const instant of instants) {
      const ms = Date.parse(instant);
      if (ms < earliest) {
        return `events.${index}: ${instant} is more than ${
          MAX_EVENT_AGE_MS / 86_400_000
        } days old; check the device clock`;
      }
      if (ms > latest) return `events.${index}: ${instant} is in the future; check the device clock`;
    }
  }
  return null;
}
