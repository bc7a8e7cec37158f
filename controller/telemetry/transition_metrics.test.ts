import { describe, expect, test } from "bun:test";
import { bassSwapSec, overlapBeats, phraseAligned, playedBpm, tempoDeltaPct } from "./transition_metrics.ts";

describe("transition metrics", () => {
  test("tempo delta is |out − in| / out in percent, the smallest of straight, half and double time", () => {
    expect(tempoDeltaPct(128, 125)).toBeCloseTo(2.34375, 10); // 3 / 128
    expect(tempoDeltaPct(124, 126)).toBeCloseTo(1.612903, 5); // 2 / 124
    expect(tempoDeltaPct(140, 70)).toBe(0); // 70 at double time
    expect(tempoDeltaPct(87, 174)).toBe(0); // 174 at half time
    expect(tempoDeltaPct(174, 88)).toBeCloseTo(1.149425, 5); // |174 − 176| / 174
    expect(tempoDeltaPct(120, 132)).toBeCloseTo(10, 10);
  });

  test("tempo delta is unknown without both tempos", () => {
    expect(tempoDeltaPct(null, 124)).toBeNull();
    expect(tempoDeltaPct(124, undefined)).toBeNull();
    expect(tempoDeltaPct(0, 124)).toBeNull();
  });

  test("the played tempo follows the varispeed", () => {
    expect(playedBpm(125, -0.8)).toBeCloseTo(124, 10);
    expect(playedBpm(null, 3)).toBeNull();
  });

  test("overlap counts beats at the tempo heard", () => {
    expect(overlapBeats(16, 120)).toBe(32);
    expect(overlapBeats(30, 124)).toBeCloseTo(62, 10);
    expect(overlapBeats(15.48, 124)).toBeCloseTo(31.992, 10);
    expect(overlapBeats(10, null)).toBe(0);
    expect(overlapBeats(0, 128)).toBe(0);
  });

  test("a blend is phrase-aligned on an 8, 16 or 32 bar boundary, within half a beat", () => {
    expect(phraseAligned(0, 124)).toBe(true); // the first beat
    expect(phraseAligned(15, 128)).toBe(true); // beat 32: bar 9
    expect(phraseAligned(61.935, 124)).toBe(true); // beat 127.99: bar 33
    expect(phraseAligned(7.5, 128)).toBe(false); // beat 16: only 4 bars in
    expect(phraseAligned(30, 124)).toBe(false); // beat 62: two beats early
    expect(phraseAligned(15.2, 128)).toBe(true); // beat 32.43: within half a beat
    expect(phraseAligned(15.3, 128)).toBe(false); // beat 32.64: not
    expect(phraseAligned(0, null)).toBe(false);
  });

  test("bass swap is the time from the outgoing cut to the incoming boost inside the blend", () => {
    const blend = { startMs: 60_000, endMs: 75_480 };
    expect(bassSwapSec(66_500, 74_000, blend)).toBe(7.5);
    expect(bassSwapSec(70_000, 68_000, blend)).toBe(-2); // the new bass came in first
    expect(bassSwapSec(50_000, 74_000, blend)).toBeNull(); // the cut was before the blend
    expect(bassSwapSec(66_500, 80_000, blend)).toBeNull(); // the boost after it
    expect(bassSwapSec(null, 74_000, blend)).toBeNull();
  });
});
