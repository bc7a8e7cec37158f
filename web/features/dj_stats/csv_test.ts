import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { toCsv } from "./csv.ts";

describe("toCsv", () => {
  it("quotes separators, quotes and line breaks", () => {
    assert.equal(
      toCsv(["a", "b"], [["x,y", 'say "hi"'], ["line\nbreak", null]]),
      'a,b\r\n"x,y","say ""hi"""\r\n"line\nbreak",\r\n',
    );
  });

  it("defuses cells a spreadsheet would run as a formula", () => {
    assert.equal(
      toCsv(["t"], [['=HYPERLINK("x")'], ["+1"], ["@SUM(A1)"], ["-2"]]),
      't\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'@SUM(A1)\r\n\'-2\r\n',
    );
    assert.equal(toCsv(["n"], [[-2]]), "n\r\n-2\r\n");
  });
});
