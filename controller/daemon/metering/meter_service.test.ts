import { describe, expect, it } from "bun:test";
import { createMixeraTree } from "../tree/device_model.ts";
import { MeterService } from "./meter_service.ts";

const deck = "/devices/0/inputs/0";
const levelPath = `${deck}/meters/0/MeterLevel`;

function setup() {
  const tree = createMixeraTree();
  let now = 0;
  const meters = new MeterService(tree, () => now);
  const notes: [string, unknown][] = [];
  tree.watch(`${deck}/meters`, (path, value) => notes.push([path, value]));
  return { tree, meters, notes, at: (t: number) => (now = t) };
}

describe("MeterService", () => {
  it("writes levels on ≥ 0.1 dB moves only, and refreshes a steady value once per second", () => {
    const { tree, meters, notes, at } = setup();
    meters.pushLevels(deck, { rmsDb: [-20, -20], peakDb: [-10, -10] });
    meters.tick(0);
    expect(tree.getValue(levelPath)).toBe(-20);
    const levelNotes = () => notes.filter(([p]) => p === levelPath).length;
    expect(levelNotes()).toBe(1);
    at(33);
    meters.pushLevels(deck, { rmsDb: [-20.05, -20], peakDb: [-10, -10] });
    meters.tick(33);
    expect(levelNotes()).toBe(1); // 0.05 dB: not worth a message
    at(66);
    meters.pushLevels(deck, { rmsDb: [-20.2, -20], peakDb: [-10, -10] });
    meters.tick(66);
    expect(levelNotes()).toBe(2);
    for (let t = 100; t <= 1100; t += 33) {
      at(t);
      meters.pushLevels(deck, { rmsDb: [-20.2, -20], peakDb: [-10, -10] });
      meters.tick(t);
    }
    expect(levelNotes()).toBe(3); // the steady tone's once-per-second refresh
  });

  it("feeds peak and clip from blocks and pulses /MeterPulse", () => {
    const { tree, meters } = setup();
    meters.pushBlock(deck, [new Float32Array([1, -1]), new Float32Array([0.1, 0.1])]);
    meters.tick(0);
    expect(tree.getValue(`${deck}/meters/0/MeterClip`)).toBe(true);
    expect(tree.getValue(`${deck}/meters/0/MeterPeakLevel`)).toBe(0);
    expect(tree.getValue(`${deck}/meters/1/MeterLevel`)).toBe(-20);
    meters.pulse();
    meters.pulse();
    expect(tree.getValue("/MeterPulse")).toBe(2);
  });

  it("shows the engine's render load as /TotalDSPLoad, rounded and clamped", () => {
    const { tree, meters } = setup();
    meters.reportDspLoad(3.14159);
    expect(tree.getValue("/TotalDSPLoad")).toBe(3.1);
    meters.reportDspLoad(250);
    expect(tree.getValue("/TotalDSPLoad")).toBe(100);
    meters.reportDspLoad(Number.NaN);
    expect(tree.getValue("/TotalDSPLoad")).toBe(100);
  });

  it("refuses a node without meters", () => {
    const { meters } = setup();
    expect(() => meters.pushLevels("/devices/0/inputs/9", { rmsDb: [-1], peakDb: [-1] })).toThrow(/No meter/);
  });
});
