import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { foldConfusables } from "./confusables.ts";
import { impersonatesMixera } from "./apps.ts";

describe("confusable folding", () => {
  it("folds full-width, Cyrillic, Greek and accented look-alikes to Latin", () => {
    assert.equal(foldConfusables("ＭＩＸＥＲＡ Login"), "mixeralogin");
    assert.equal(foldConfusables("M\u0406XERA"), "mixera");
    assert.equal(foldConfusables("MIX\u0395RA"), "mixera");
    assert.equal(foldConfusables("MÍXÉRA"), "mixera");
    assert.equal(foldConfusables("𝐌𝐈𝐗𝐄𝐑𝐀"), "mixera");
  });

  it("makes the impersonation filter catch names that only look like MIXERA", () => {
    for (const name of ["ＭＩＸＥＲＡ Login", "M\u0406XERA", "MIX\u0395RA", "м\u0456хега", "MIX\u200BERA"]) {
      assert.ok(impersonatesMixera(name), name);
    }
    for (const name of ["Mixer Tools", "Μουσική", "Beat Journal"]) {
      assert.ok(!impersonatesMixera(name), name);
    }
  });
});
