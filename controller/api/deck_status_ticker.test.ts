import { describe, expect, it } from "bun:test";
import { nextSlot, startDeckStatusTicker } from "./deck_status_ticker.ts";

describe("nextSlot", () => {
  const period = 1000 / 30;

  it("aims at the ideal timeline, so a late tick shortens the next wait instead of drifting", () => {
    expect(nextSlot(0, 0, 0, period)).toEqual({ slot: 1, delayMs: period });
    const late = nextSlot(0, 1, period + 5, period);
    expect(late.slot).toBe(2);
    expect(late.delayMs).toBeCloseTo(period - 5, 9);
  });

  it("skips the slots missed during a stall instead of firing them back to back", () => {
    const next = nextSlot(0, 1, 1000, period);
    expect(next.slot).toBe(30);
    expect(next.delayMs).toBeCloseTo(0, 9);
    const after = nextSlot(0, next.slot, 1000.5, period);
    expect(after.slot).toBe(31);
    expect(after.delayMs).toBeCloseTo(31 * period - 1000.5, 9);
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
