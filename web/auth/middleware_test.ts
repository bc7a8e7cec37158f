import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { safeNextPath } from "./middleware.ts";

describe("safeNextPath", () => {
  it("keeps relative in-portal paths with their query", () => {
    assert.equal(safeNextPath("/security?tab=sessions"), "/security?tab=sessions");
    assert.equal(
      safeNextPath("/oauth/authorize?client_id=a&state=b#x"),
      "/oauth/authorize?client_id=a&state=b#x",
    );
  });

  it("refuses anything that could leave the portal", () => {
    for (
      const bad of [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil",
        "/\t/evil.example",
        "",
        undefined,
        null,
      ]
    ) {
      assert.equal(safeNextPath(bad, "/home"), "/home", String(bad));
    }
  });
});
