import { describe, expect, test } from "bun:test";
import { camelotFromTag } from "./musical_key.ts";

describe("key tags", () => {
  test("reads key names, Camelot and Open Key codes", () => {
    const cases: [string, string][] = [
      ["Am", "8A"],
      ["A minor", "8A"],
      ["F#m", "11A"],
      ["Ebm", "2A"],
      ["Dbm", "12A"],
      ["C", "8B"],
      ["Gb", "2B"],
      ["Bb", "6B"],
      ["E major", "12B"],
      ["8a", "8A"],
      ["12B", "12B"],
      ["1m", "8A"],
      ["6d", "1B"],
      ["5m", "12A"],
    ];
    for (const [tag, code] of cases) expect([tag, camelotFromTag(tag)]).toEqual([tag, code]);
  });

  test("anything else is no key", () => {
    for (const tag of ["", "  ", "H", "13A", "Am Am Am Am Am Am", "unknown", null, undefined]) {
      expect(camelotFromTag(tag)).toBeNull();
    }
  });
});
