import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { displayNameSchema } from "./accounts.ts";

describe("displayNameSchema", () => {
  it("refuses lone surrogates, NUL, control characters and every bidi control", () => {
    const bidi = ["\u061C", "\u200E", "\u200F", ..."\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"];
    for (
      const bad of [
        "DJ\uD800",
        "\uDFFFDJ",
        "DJ\u0000",
        "DJ\u0007",
        "DJ\u007F",
        "DJ\u009B",
        ...bidi.map((c) => `DJ${c}x`),
      ]
    ) {
      assert.equal(displayNameSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("keeps names in any script, with emoji sequences", () => {
    for (const good of ["Ana", "Zoë", "مريم", "李小龙", "DJ 👩🏽‍💻", "🏳️‍🌈 Crew"]) {
      assert.equal(displayNameSchema.safeParse(good).success, true, good);
    }
  });
});
