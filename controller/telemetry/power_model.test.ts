import { describe, expect, test } from "bun:test";
import { EnergyMeter, IDLE_WATTS, modelWatts, WATTS_PER_PLAYING_DECK } from "./power_model.ts";

describe("power model", () => {
  test("idle plus a share per playing deck", () => {
    expect(modelWatts(0)).toBe(IDLE_WATTS);
    expect(modelWatts(2)).toBe(IDLE_WATTS + 2 * WATTS_PER_PLAYING_DECK);
  });

  test("integrates the watts over time: an hour idle, then half an hour with two decks", () => {
    const meter = new EnergyMeter(0);
    meter.sample(2, 3_600_000);
    const period = meter.take(5_400_000);
    // 4.0 W × 1 h + 5.5 W × 0.5 h = 6.75 Wh over 5400 s: 4.5 W on average.
    expect(period).toEqual({ periodSec: 5400, averageWatts: 4.5, energyWh: 6.75 });
    expect(meter.take(5_400_000 + 60_000)).toEqual({ periodSec: 60, averageWatts: 5.5, energyWh: 0.091667 });
  });
});
