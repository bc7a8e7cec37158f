import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { formatScopes, isSubset, parseScope, readStoredScopes } from "./scopes.ts";

describe("scope parameter", () => {
  it("defaults to profile and email when absent", () => {
    assert.deepEqual(parseScope(undefined), { ok: true, scopes: ["profile", "email"] });
    assert.deepEqual(parseScope("  "), { ok: true, scopes: ["profile", "email"] });
  });

  it("sorts and de-duplicates", () => {
    assert.deepEqual(parseScope("library:read email  email profile"), {
      ok: true,
      scopes: ["profile", "email", "library:read"],
    });
  });

  it("rejects unknown and over-long values", () => {
    const unknown = parseScope("profile openid");
    assert.equal(unknown.ok, false);
    assert.equal(parseScope("profile ".repeat(100)).ok, false);
  });

  it("formats and reads back, dropping unknown stored words", () => {
    assert.equal(formatScopes(["email", "profile"]), "profile email");
    assert.deepEqual(readStoredScopes("email gone devices:read"), ["email", "devices:read"]);
  });

  it("knows when scopes grow", () => {
    assert.ok(isSubset(["email"], ["profile", "email"]));
    assert.ok(!isSubset(["email", "offline_access"], ["profile", "email"]));
  });
});
