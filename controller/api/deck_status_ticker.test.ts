import { describe, expect, it } from "bun:test";
import { MAX_CATCH_UP_MS, nextSlot, startDeckStatusTicker } from "./deck_status_ticker.ts";

describe("nextSlot", () => {
  const period = 1000 / 30;

  it("aims at the ideal timeline, so a late tick shortens the next wait instead of drifting", () => {
    expect(nextSlot(0, 0, 0, period)).toEqual({ slot: 1, delayMs: period });
    const late = nextSlot(0, 1, period + 5, period);
    expect(late.slot).toBe(2);
    expect(late.delayMs).toBeCloseTo(period - 5, 9);
  });

  it("makes up the ticks missed in a stall at twice the rate, never back to back", () => {
    let slot = 1;
    let now = 500; // stalled: slots 2..15 are overdue
    let ticks = 0;
    while (true) {
      const next = nextSlot(0, slot, now, period);
      expect(next.delayMs).toBeGreaterThan(0);
      slot = next.slot;
      now += next.delayMs;
      ticks++;
      if (next.delayMs !== period / 2) break;
    }
    // Caught up: every slot was fired once (no slot skipped), and the ticker is back on the timeline.
    expect(slot).toBe(Math.round(now / period));
    expect(ticks).toBe(slot - 1);
  });

  it("writes off a stall longer than the catch-up window", () => {
    const next = nextSlot(0, 1, MAX_CATCH_UP_MS + 500, period);
    expect(next.slot).toBe(Math.ceil((MAX_CATCH_UP_MS + 500) / period));
    expect(next.delayMs).toBeGreaterThanOrEqual(0);
    expect(next.delayMs).toBeLessThan(period);
  });
});

describe("startDeckStatusTicker", () => {
  it("ticks and stops when told", async () => {
    const ticks: number[] = [];
    const ticker = startDeckStatusTicker((ts) => ticks.push(ts), 200);
    while (ticks.length < 5) await Bun.sleep(5);
    ticker.stop();
    const count = ticks.length;
    await Bun.sleep(30);
    expect(ticks.length).toBe(count);
  });
});
