import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { energyRating } from "./energy.ts";

describe("energyRating", () => {
  it("rises with loudness, rhythmic density and tempo, within 1..10", () => {
    const calm = energyRating({ lufs: -24, onsetRate: 1, bpm: 95 });
    const club = energyRating({ lufs: -9, onsetRate: 6, bpm: 126 });
    const peak = energyRating({ lufs: -6, onsetRate: 10, bpm: 174 });
    assert.ok(calm < club && club < peak, `${calm} < ${club} < ${peak}`);
    assert.ok(
      energyRating({ lufs: -9, onsetRate: 6, bpm: 126 }) >
        energyRating({ lufs: -18, onsetRate: 6, bpm: 126 }),
    );
    assert.equal(energyRating({ lufs: null, onsetRate: 0, bpm: null }), 1);
    assert.equal(energyRating({ lufs: 0, onsetRate: 100, bpm: 300 }), 10);
  });
});
