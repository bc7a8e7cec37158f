/**
 * @module
 * Pushes `deck_status` at 30 Hz. `setInterval(f, 1000/30)` drifts (about 30.17 Hz here), so each tick is
 * scheduled against the ideal timeline `start + n × period`; a tick that is late by more than a whole period
 * skips the slots it missed rather than firing them back to back, so clients never get bursts.
 */

export const DECK_STATUS_HZ = 30;

export interface Ticker {
  stop(): void;
}

/** The slot to fire after `slot`, and how long to wait for it from `nowMs`. */
export function nextSlot(
  startMs: number,
  slot: number,
  nowMs: number,
  periodMs: number,
): { slot: number; delayMs: number } {
  let next = slot + 1;
  if (nowMs - (startMs + next * periodMs) > periodMs) next = Math.ceil((nowMs - startMs) / periodMs);
  return { slot: next, delayMs: Math.max(0, startMs + next * periodMs - nowMs) };
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
