import { describe, expect, test } from "bun:test";
import type { TelemetryEventOf } from "../../shared/telemetry/mod.ts";
import { FaderSampler } from "./fader_sampler.ts";

describe("fader sampler", () => {
  test("reports the first move at once and then the resting position, at most once per interval", () => {
    const sent: TelemetryEventOf<"fader_move">[] = [];
    const sampler = new FaderSampler(1000, (event) => sent.push(event));
    const t0 = Date.parse("2026-03-07T22:00:00.000Z");
    for (let i = 0; i <= 50; i++) sampler.move(3, i / 50, t0 + i * 10); // a 0.5 s ride to the top
    sampler.move(4, 0.2, t0 + 100);
    sampler.flush(t0 + 900);
    expect(sent.map((e) => [e.chan, e.pos])).toEqual([[3, 0], [4, 0.2]]);
    sampler.flush(t0 + 1000);
    expect(sent.map((e) => [e.chan, e.pos, e.ts])).toEqual([
      [3, 0, "2026-03-07T22:00:00.000Z"],
      [4, 0.2, "2026-03-07T22:00:00.100Z"],
      [3, 1, "2026-03-07T22:00:00.500Z"],
    ]);
  });

  test("ignores channels the schema has no room for and clamps positions", () => {
    const sent: TelemetryEventOf<"fader_move">[] = [];
    const sampler = new FaderSampler(1000, (event) => sent.push(event));
    sampler.move(16, 0.5, 0);
    sampler.move(-1, 0.5, 0);
    sampler.move(1, Number.NaN, 0);
    sampler.move(2, 1.7, 0);
    expect(sent.map((e) => [e.chan, e.pos])).toEqual([[2, 1]]);
  });

  test("a forced flush sends what is held (shutdown)", () => {
    const sent: TelemetryEventOf<"fader_move">[] = [];
    const sampler = new FaderSampler(5000, (event) => sent.push(event));
    sampler.move(0, 0.1, 0);
    sampler.move(0, 0.9, 10);
    sampler.flush(20, true);
    expect(sent.map((e) => e.pos)).toEqual([0.1, 0.9]);
  });
});
