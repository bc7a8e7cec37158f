import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatEuro, parseEuroCents } from "./money.ts";

describe("money", () => {
  it("formats cents as euros", () => {
    assert.equal(formatEuro(123450), "€1,234.50");
    assert.equal(formatEuro(0), "€0.00");
  });

  it("reads typed amounts with a dot or a comma, and refuses anything else", () => {
    assert.equal(parseEuroCents("12"), 1200);
    assert.equal(parseEuroCents("12.5"), 1250);
    assert.equal(parseEuroCents(" 12,05 "), 1205);
    for (const bad of ["", "-1", "1.234", "1e3", "12.", "abc", "99999999"]) {
      assert.equal(parseEuroCents(bad), null, bad);
    }
  });
});
