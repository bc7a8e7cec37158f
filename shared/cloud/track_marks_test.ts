import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_CUE_POINTS, sortedMarks, TrackMarksSchema } from "./track_marks.ts";

describe("TrackMarksSchema", () => {
  it("accepts the device API's shapes", () => {
    const marks = { cuePoints: [{ time: 0 }, { time: 32.5 }], loops: [{ start: 0, end: 8.0 }] };
    assert.deepEqual(TrackMarksSchema.parse(marks), marks);
  });

  it("refuses negative times, loops that end before they start, unknown fields and too many cues", () => {
    const bad = [
      { cuePoints: [{ time: -1 }], loops: [] },
      { cuePoints: [], loops: [{ start: 8, end: 4 }] },
      { cuePoints: [{ time: 1, color: "red" }], loops: [] },
      { cuePoints: Array.from({ length: MAX_CUE_POINTS + 1 }, (_, i) => ({ time: i })), loops: [] },
      { cuePoints: [{ time: Number.NaN }], loops: [] },
    ];
    for (const marks of bad) assert.equal(TrackMarksSchema.safeParse(marks).success, false);
  });

  it("orders cues by time and loops by start", () => {
    const sorted = sortedMarks({
      cuePoints: [{ time: 9 }, { time: 1 }],
      loops: [{ start: 5, end: 6 }, { start: 2, end: 3 }],
    });
    assert.deepEqual(sorted.cuePoints.map((cue) => cue.time), [1, 9]);
    assert.deepEqual(sorted.loops.map((loop) => loop.start), [2, 5]);
  });
});
