import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { compareSemver, isSemver, parseSemver, SemverSchema } from "./semver.ts";

describe("semantic versions", () => {
  it("parses releases and pre-releases and ignores build metadata", () => {
    assert.deepEqual(parseSemver("1.4.0"), { major: 1, minor: 4, patch: 0, prerelease: [] });
    assert.deepEqual(parseSemver("2.0.0-rc.1+build.7"), {
      major: 2,
      minor: 0,
      patch: 0,
      prerelease: ["rc", "1"],
    });
  });

  it("refuses what is not a semantic version", () => {
    for (const text of ["1.4", "v1.4.0", "01.4.0", "1.4.0-", "1.4.0-01", "1.4.0+", " 1.4.0", "1.4.0 ", ""]) {
      assert.equal(isSemver(text), false, text);
    }
    assert.equal(isSemver(`1.0.0-${"a".repeat(80)}`), false);
    assert.equal(SemverSchema.safeParse("1.2").success, false);
    assert.equal(SemverSchema.safeParse("1.2.3").success, true);
  });

  it("orders by precedence, numerically and with pre-releases before their release", () => {
    const ascending = [
      "0.9.9",
      "1.0.0-alpha",
      "1.0.0-alpha.1",
      "1.0.0-alpha.beta",
      "1.0.0-beta",
      "1.0.0-beta.2",
      "1.0.0-beta.11",
      "1.0.0-rc.1",
      "1.0.0",
      "1.2.0",
      "1.10.0",
      "10.0.0",
    ];
    for (let i = 0; i < ascending.length; i++) {
      for (let j = 0; j < ascending.length; j++) {
        assert.equal(
          compareSemver(ascending[i], ascending[j]),
          Math.sign(i - j),
          `${ascending[i]} vs ${ascending[j]}`,
        );
      }
    }
    assert.equal(compareSemver("1.0.0+a", "1.0.0+b"), 0);
  });

  it("throws on an invalid operand rather than guessing an order", () => {
    assert.throws(() => compareSemver("1.0", "1.0.0"), /not a semantic version: 1.0/);
  });
});
