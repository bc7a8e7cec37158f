import { describe, expect, it } from "bun:test";
import { MeterBallistics } from "./ballistics.ts";

describe("MeterBallistics", () => {
  it("holds the peak 2 s, then falls at 20 dB/s, never below the level", () => {
    const meter = new MeterBallistics();
    meter.push(-20, -6, 0);
    for (let t = 100; t < 2000; t += 100) meter.push(-20, -30, t);
    expect(meter.read(1999).peak).toBe(-6);
    meter.push(-20, -30, 2400);
    expect(meter.read(2400).peak).toBeCloseTo(-14, 6);
    meter.push(-20, -30, 2450);
    expect(meter.read(2450).peak).toBeCloseTo(-15, 6);
    meter.push(-20, -30, 4000);
    expect(meter.read(4000).peak).toBe(-20);
  });

  it("restarts the hold when a new peak is higher than the decayed one", () => {
    const meter = new MeterBallistics();
    meter.push(-40, -10, 0);
    meter.push(-40, -12, 3000); // decayed to -30 by now
    expect(meter.read(3000).peak).toBe(-12);
    expect(meter.read(4900).peak).toBe(-12);
  });

  it("holds clip for 2 s after a full-scale block", () => {
    const meter = new MeterBallistics();
    meter.push(-3, 0, 1000);
    expect(meter.read(1000).clip).toBe(true);
    expect(meter.read(2999).clip).toBe(true);
    expect(meter.read(3000).clip).toBe(false);
  });

  it("reads the floor once the source goes quiet", () => {
    const meter = new MeterBallistics();
    meter.push(-10, -8, 0);
    expect(meter.read(100).level).toBe(-10);
    expect(meter.read(1000).level).toBe(-77);
  });
});
