import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { containsPattern } from "./like_pattern.ts";

describe("containsPattern", () => {
  it("escapes LIKE wildcards and the escape character", () => {
    assert.equal(containsPattern("house"), "%house%");
    assert.equal(containsPattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
  });
});
