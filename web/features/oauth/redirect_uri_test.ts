import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkRegistrableRedirectUri, redirectUriMatches } from "./redirect_uri.ts";

describe("registering redirect URIs", () => {
  it("accepts https and loopback http", () => {
    assert.deepEqual(checkRegistrableRedirectUri("https://app.example/cb"), {
      ok: true,
      uri: "https://app.example/cb",
    });
    assert.deepEqual(checkRegistrableRedirectUri("http://127.0.0.1/cb"), {
      ok: true,
      uri: "http://127.0.0.1/cb",
    });
    assert.deepEqual(checkRegistrableRedirectUri("http://[::1]:8080/cb"), {
      ok: true,
      uri: "http://[::1]:8080/cb",
    });
  });

  it("warns about localhost", () => {
    const result = checkRegistrableRedirectUri("http://localhost:3000/cb");
    assert.equal(result.ok, true);
    assert.ok(result.ok && result.warning?.includes("127.0.0.1"));
  });

  it("rejects plain http elsewhere, fragments, credentials, relative and other schemes", () => {
    for (
      const bad of [
        "http://app.example/cb",
        "https://app.example/cb#x",
        "https://u:p@app.example/cb",
        "/cb",
        "javascript:alert(1)",
        "",
      ]
    ) {
      assert.equal(checkRegistrableRedirectUri(bad).ok, false, bad);
    }
  });
});

describe("matching redirect URIs", () => {
  const registered = ["https://app.example/cb", "http://127.0.0.1/cb", "http://[::1]:9000/native"];

  it("matches exactly", () => {
    assert.ok(redirectUriMatches(registered, "https://app.example/cb"));
  });

  it("fails on trailing slash, case, path segment, query or fragment", () => {
    for (
      const variant of [
        "https://app.example/cb/",
        "https://APP.example/cb",
        "https://app.example/CB",
        "https://app.example/cb/extra",
        "https://app.example/cb?x=1",
        "https://app.example/cb#frag",
        "https://app.example:443/cb",
        "http://app.example/cb",
      ]
    ) {
      assert.ok(!redirectUriMatches(registered, variant), variant);
    }
  });

  it("ignores the port of loopback URIs only", () => {
    assert.ok(redirectUriMatches(registered, "http://127.0.0.1:53177/cb"));
    assert.ok(redirectUriMatches(registered, "http://[::1]/native"));
    assert.ok(redirectUriMatches(registered, "http://[::1]:1234/native"));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1:53177/cb/"));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1:53177/other"));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1.evil.example/cb"));
    assert.ok(!redirectUriMatches(registered, "http://[::1]/cb"));
  });
});
