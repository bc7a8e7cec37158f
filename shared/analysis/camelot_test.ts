import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  camelotCode,
  compatibleCamelotCodes,
  keyName,
  mirexKeyScore,
  type MusicalKey,
  parseCamelot,
} from "./camelot.ts";

describe("Camelot notation", () => {
  it("names keys on the wheel", () => {
    const cases: [MusicalKey, string, string][] = [
      [{ tonic: 0, mode: "major" }, "C", "8B"],
      [{ tonic: 9, mode: "minor" }, "Am", "8A"],
      [{ tonic: 7, mode: "major" }, "G", "9B"],
      [{ tonic: 4, mode: "minor" }, "Em", "9A"],
      [{ tonic: 11, mode: "major" }, "B", "1B"],
      [{ tonic: 8, mode: "minor" }, "G#m", "1A"],
      [{ tonic: 5, mode: "major" }, "F", "7B"],
      [{ tonic: 6, mode: "minor" }, "F#m", "11A"],
      [{ tonic: 10, mode: "minor" }, "Bbm", "3A"],
    ];
    for (const [key, name, code] of cases) {
      assert.equal(keyName(key), name);
      assert.equal(camelotCode(key), code);
    }
  });

  it("parses every code back to its key", () => {
    for (let tonic = 0; tonic < 12; tonic++) {
      for (const mode of ["major", "minor"] as const) {
        assert.deepEqual(parseCamelot(camelotCode({ tonic, mode })), { tonic, mode });
      }
    }
    assert.equal(parseCamelot("13A"), null);
    assert.equal(parseCamelot("8C"), null);
    assert.equal(parseCamelot(""), null);
  });

  it("lists harmonic neighbours, wrapping round 12", () => {
    assert.deepEqual(compatibleCamelotCodes("8A"), ["8A", "7A", "9A", "8B"]);
    assert.deepEqual(compatibleCamelotCodes("12B"), ["12B", "11B", "1B", "12A"]);
    assert.deepEqual(compatibleCamelotCodes("1a"), ["1A", "12A", "2A", "1B"]);
    assert.deepEqual(compatibleCamelotCodes("x"), []);
  });

  it("scores estimates by the MIREX weights", () => {
    const c = { tonic: 0, mode: "major" } as const;
    assert.equal(mirexKeyScore(c, c), 1);
    assert.equal(mirexKeyScore(c, { tonic: 7, mode: "major" }), 0.5);
    assert.equal(mirexKeyScore(c, { tonic: 5, mode: "major" }), 0);
    assert.equal(mirexKeyScore(c, { tonic: 9, mode: "minor" }), 0.3);
    assert.equal(mirexKeyScore({ tonic: 9, mode: "minor" }, c), 0.3);
    assert.equal(mirexKeyScore(c, { tonic: 0, mode: "minor" }), 0.2);
    assert.equal(mirexKeyScore(c, { tonic: 2, mode: "minor" }), 0);
  });
});
