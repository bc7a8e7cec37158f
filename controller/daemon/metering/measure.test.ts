import { describe, expect, it } from "bun:test";
import { measureBlock, METER_FLOOR_DB } from "./measure.ts";
import { toneBlock } from "./test_tone.ts";

describe("measureBlock", () => {
  it("measures RMS (not peak) and peak per channel in dBFS", () => {
    const sine = toneBlock(0, 4800, 1, 1000 / 48000)[0];
    const { rmsDb, peakDb } = measureBlock([sine, new Float32Array([0.5, -0.5, 0.5, -0.5])]);
    expect(rmsDb[0]).toBeCloseTo(-3.01, 2);
    expect(peakDb[0]).toBeCloseTo(0, 2);
    expect(rmsDb[1]).toBeCloseTo(-6.02, 2);
    expect(peakDb[1]).toBeCloseTo(-6.02, 2);
  });

  it("floors silence, empty blocks and NaN samples at -77 dBFS", () => {
    const { rmsDb, peakDb } = measureBlock([
      new Float32Array(64),
      new Float32Array(0),
      new Float32Array([NaN, 1]),
    ]);
    expect(rmsDb).toEqual([METER_FLOOR_DB, METER_FLOOR_DB, METER_FLOOR_DB]);
    expect(peakDb.slice(0, 2)).toEqual([METER_FLOOR_DB, METER_FLOOR_DB]);
    expect(measureBlock([new Float32Array([1e-6])]).rmsDb[0]).toBe(METER_FLOOR_DB);
  });
});
