import { describe, expect, test } from "bun:test";
import { camelotRelation, effectiveCamelot, pitchShiftSemitones } from "./camelot_relation.ts";

describe("Camelot relation", () => {
  test("names every relation on the wheel", () => {
    expect(camelotRelation("8A", "8A")).toBe("same");
    expect(camelotRelation("8A", "9A")).toBe("adjacent");
    expect(camelotRelation("8A", "7A")).toBe("adjacent");
    expect(camelotRelation("12B", "1B")).toBe("adjacent"); // the wheel wraps
    expect(camelotRelation("8A", "8B")).toBe("relative");
    expect(camelotRelation("8A", "9B")).toBe("diagonal");
    expect(camelotRelation("1B", "12A")).toBe("diagonal");
    expect(camelotRelation("8A", "10A")).toBe("energy_boost"); // +2
    expect(camelotRelation("8A", "3A")).toBe("energy_boost"); // +7, a semitone up
    expect(camelotRelation("8A", "6A")).toBe("clash"); // −2 is no boost
    expect(camelotRelation("8A", "2B")).toBe("clash");
    expect(camelotRelation("8A", null)).toBe("unknown");
    expect(camelotRelation("13A", "8A")).toBe("unknown");
  });

  test("varispeed shifts the key heard by 12·log2 of the speed, to the nearest semitone", () => {
    expect(pitchShiftSemitones(0)).toBe(0);
    expect(pitchShiftSemitones(5.9)).toBe(1); // 0.993 semitones
    expect(pitchShiftSemitones(2.9)).toBe(0); // 0.496
    expect(pitchShiftSemitones(3)).toBe(1); // 0.511
    expect(pitchShiftSemitones(-5.6)).toBe(-1); // −0.998
    expect(pitchShiftSemitones(-1.6)).toBe(0);
    expect(effectiveCamelot("8A", 6)).toBe("3A"); // A minor a semitone up is B♭ minor
    expect(effectiveCamelot("8B", -6)).toBe("1B"); // C major a semitone down is B major
    expect(effectiveCamelot("8A", 1)).toBe("8A");
    expect(effectiveCamelot(null, 6)).toBeNull();
  });

  test("a track pitched a semitone up turns a clash into a match", () => {
    expect(camelotRelation("3A", "8A")).toBe("clash");
    expect(camelotRelation(effectiveCamelot("3A", 0), effectiveCamelot("8A", 6))).toBe("same");
  });
});
