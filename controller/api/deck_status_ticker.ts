/**
 * @module
 * Pushes `deck_status` at 30 Hz. `setInterval(f, 1000/30)` drifts (about 30.17 Hz here), so each tick is
 * scheduled against the ideal timeline `start + n × period`. When the process was stalled (a busy CPU), the
 * missed ticks are made up at twice the rate — never back to back — so the long-run rate stays exactly 30 Hz;
 * a stall longer than {@link MAX_CATCH_UP_MS} is written off instead of being replayed.
 */

export const DECK_STATUS_HZ = 30;
export const MAX_CATCH_UP_MS = 1000;

export interface Ticker {
  stop(): void;
}

/** The slot to fire after `slot` (which has just fired), and how long to wait for it from `nowMs`. */
export function nextSlot(
  startMs: number,
  slot: number,
  nowMs: number,
  periodMs: number,
): { slot: number; delayMs: number } {
  const next = slot + 1;
  const behindMs = nowMs - (startMs + next * periodMs);
  if (behindMs <= 0) return { slot: next, delayMs: -behindMs };
  if (behindMs <= MAX_CATCH_UP_MS) return { slot: next, delayMs: periodMs / 2 };
  const resumed = Math.ceil((nowMs - startMs) / periodMs);
  return { slot: resumed, delayMs: startMs + resumed * periodMs - nowMs };
}

/**
 * Calls `tick(tsMs)` at `hz` ticks per second until stopped. `tick` must not throw.
 *
 * @example
 * const ticker = startDeckStatusTicker(() => broadcast(deckStatusEvent(engine.status(), Date.now())));
 * ticker.stop();
 */
export function startDeckStatusTicker(
  tick: (tsMs: number) => void,
  hz: number = DECK_STATUS_HZ,
  now: () => number = performance.now.bind(performance),
): Ticker {
  const periodMs = 1000 / hz;
  const start = now();
  let slot = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = () => {
    const next = nextSlot(start, slot, now(), periodMs);
    slot = next.slot;
    timer = setTimeout(run, next.delayMs);
  };
  const run = () => {
    if (stopped) return;
    tick(Date.now());
    schedule();
  };
  schedule();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
