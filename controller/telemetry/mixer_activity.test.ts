import { describe, expect, test } from "bun:test";
import { createMemoryMixerTree } from "../engine/mixer_tree.ts";
import { GESTURE_GAP_MS, MixerActivity } from "./mixer_activity.ts";

const IN0 = "/devices/0/inputs/0";
const IN1 = "/devices/0/inputs/1";

function setup() {
  const tree = createMemoryMixerTree({ [`${IN0}/CrossfaderAssign`]: "A", [`${IN1}/CrossfaderAssign`]: "B" });
  let now = 1_000_000;
  const changes: number[] = [];
  const mixer = new MixerActivity(tree, (ms) => changes.push(ms), () => now);
  return { tree, mixer, changes, advance: (ms: number) => (now += ms) };
}

describe("mixer activity", () => {
  test("on air follows the channel fader and the crossfader, as the renderer mixes them", () => {
    const { tree, mixer, changes } = setup();
    expect([mixer.onAir(0), mixer.onAir(1)]).toEqual([true, true]); // crossfader in the middle
    tree.setValue("/devices/0/Crossfader", -1);
    expect([mixer.onAir(0), mixer.onAir(1)]).toEqual([true, false]);
    tree.setValue("/devices/0/Crossfader", 0.995); // side A at 0.5 %, below -40 dB
    expect([mixer.onAir(0), mixer.onAir(1)]).toEqual([false, true]);
    tree.setValue(`${IN1}/FaderLevel`, -60);
    expect(mixer.gain(1)).toBeCloseTo(0.001, 6);
    expect(mixer.onAir(1)).toBe(false);
    tree.setValue(`${IN1}/FaderLevel`, 0);
    tree.setValue(`${IN1}/Mute`, true);
    expect(mixer.onAir(1)).toBe(false);
    expect(changes.length).toBe(5);
  });

  test("counts gestures, not values: changes closer than the gap are one move", () => {
    const { tree, mixer, advance } = setup();
    for (let i = 0; i < 20; i++) {
      tree.setValue(`${IN0}/FaderLevel`, -i);
      advance(20);
    }
    advance(GESTURE_GAP_MS);
    tree.setValue(`${IN0}/FaderLevel`, 0);
    tree.setValue("/devices/0/Crossfader", 0.5);
    tree.setValue(`${IN1}/EqHigh`, -3);
    tree.setValue(`${IN1}/EqLowKill`, true);
    tree.setValue(`${IN0}/Meter`, 0.3); // meters are no moves
    expect(mixer.takeCounts()).toEqual({ faderMoves: 2, crossfaderMoves: 1, eqMoves: 2 });
    expect(mixer.takeCounts()).toEqual({ faderMoves: 0, crossfaderMoves: 0, eqMoves: 0 });
  });

  test("notes when a channel's bass was cut and when it came back, with hysteresis", () => {
    const { tree, mixer, advance } = setup();
    tree.setValue(`${IN0}/EqLow`, -6); // neither cut nor …
    expect(mixer.lowBand(0)).toEqual({ cutAtMs: null, boostAtMs: null });
    advance(1000);
    tree.setValue(`${IN0}/EqLow`, -20);
    expect(mixer.lowBand(0)).toEqual({ cutAtMs: 1_001_000, boostAtMs: null });
    advance(1000);
    tree.setValue(`${IN0}/EqLow`, -8); // … back in
    expect(mixer.lowBand(0).boostAtMs).toBeNull();
    advance(1000);
    tree.setValue(`${IN0}/EqLow`, 0);
    expect(mixer.lowBand(0)).toEqual({ cutAtMs: 1_001_000, boostAtMs: 1_003_000 });
    tree.setValue(`${IN1}/EqLowKill`, true);
    expect(mixer.lowBand(1).cutAtMs).toBe(1_003_000);
  });

  test("stops watching when closed", () => {
    const { tree, mixer } = setup();
    mixer.close();
    tree.setValue(`${IN0}/FaderLevel`, -10);
    expect(mixer.takeCounts().faderMoves).toBe(0);
  });
});
