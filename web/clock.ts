/** @module The source of "now", passed in so tests can move time forward. */

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until moved: `advance(ms)` moves it forward. */
export function manualClock(start = new Date("2026-01-01T00:00:00Z")): Clock & { advance(ms: number): void } {
  let current = start.getTime();
  return {
    now: () => new Date(current),
    advance(ms: number) {
      current += ms;
    },
  };
}
