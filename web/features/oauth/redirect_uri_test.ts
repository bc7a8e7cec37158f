import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
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

const NATIVE = { loopbackAnyPort: true };
const CONFIDENTIAL = { loopbackAnyPort: false };

describe("matching redirect URIs", () => {
  const registered = ["https://app.example/cb", "http://127.0.0.1/cb", "http://[::1]:9000/native"];

  it("matches exactly", () => {
    assert.ok(redirectUriMatches(registered, "https://app.example/cb", CONFIDENTIAL));
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
      assert.ok(!redirectUriMatches(registered, variant, NATIVE), variant);
    }
  });

  it("ignores the port of loopback IP URIs only for native clients", () => {
    assert.ok(redirectUriMatches(registered, "http://127.0.0.1:53177/cb", NATIVE));
    assert.ok(redirectUriMatches(registered, "http://[::1]/native", NATIVE));
    assert.ok(redirectUriMatches(registered, "http://[::1]:1234/native", NATIVE));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1:53177/cb/", NATIVE));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1:53177/other", NATIVE));
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1.evil.example/cb", NATIVE));
    assert.ok(!redirectUriMatches(registered, "http://[::1]/cb", NATIVE));
  });

  it("gives confidential clients and localhost no port freedom", () => {
    assert.ok(!redirectUriMatches(registered, "http://127.0.0.1:53177/cb", CONFIDENTIAL));
    assert.ok(redirectUriMatches(registered, "http://127.0.0.1/cb", CONFIDENTIAL));
    assert.ok(!redirectUriMatches(["http://localhost/cb"], "http://localhost:8000/cb", NATIVE));
  });

  it("refuses ports outside 1–65535 instead of failing later", () => {
    for (const port of ["0", "99999", "65536", "00080"]) {
      assert.ok(!redirectUriMatches(registered, `http://127.0.0.1:${port}/cb`, NATIVE), port);
    }
    assert.ok(redirectUriMatches(registered, "http://127.0.0.1:65535/cb", NATIVE));
    assert.ok(redirectUriMatches(registered, "http://127.0.0.1:1/cb", NATIVE));
    assert.equal(checkRegistrableRedirectUri("http://127.0.0.1:0/cb").ok, false);
  });
});

describe("redirect URI matching, fuzzed", () => {
  const part = fc.stringMatching(/^[a-zA-Z0-9._~%:/?&=@!$'()*+,;\[\]#-]{0,12}$/);
  const requestedUri = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.tuple(
      fc.constantFrom(
        "http://127.0.0.1",
        "http://[::1]",
        "http://localhost",
        "https://app.example",
        "http://",
      ),
      fc.oneof(fc.constant(""), fc.integer({ min: -5, max: 200_000 }).map((port) => `:${port}`), part),
      part,
    ).map(([host, port, rest]) => `${host}${port}${rest}`),
  );
  const registeredUris: fc.Arbitrary<string[]> = fc.array(
    fc.constantFrom(
      "http://127.0.0.1/cb",
      "http://[::1]:9000/native",
      "https://app.example/cb",
      "http://localhost/cb",
    ),
    { maxLength: 4 },
  );

  it("never throws, and a match always yields a URL the redirect can be built from", () => {
    fc.assert(
      fc.property(registeredUris, requestedUri, fc.boolean(), (uris, requested, loopbackAnyPort) => {
        if (!redirectUriMatches(uris, requested, { loopbackAnyPort })) return;
        const url = new URL(requested);
        assert.ok(url.port === "" || (Number(url.port) >= 1 && Number(url.port) <= 65535));
      }),
      { numRuns: 3000 },
    );
  });

  it("confidential clients match only registered URIs byte for byte", () => {
    fc.assert(
      fc.property(registeredUris, requestedUri, (uris, requested) => {
        assert.equal(redirectUriMatches(uris, requested, CONFIDENTIAL), uris.includes(requested));
      }),
      { numRuns: 3000 },
    );
  });

  it("a native match differs from a registered URI at most in the port of a loopback IP", () => {
    fc.assert(
      fc.property(registeredUris, requestedUri, (uris, requested) => {
        if (!redirectUriMatches(uris, requested, NATIVE) || uris.includes(requested)) return;
        const url = new URL(requested);
        assert.ok(["127.0.0.1", "[::1]"].includes(url.hostname), requested);
        url.port = "";
        assert.ok(
          uris.some((uri) => {
            const candidate = new URL(uri);
            candidate.port = "";
            return candidate.href === url.href;
          }),
          requested,
        );
      }),
      { numRuns: 3000 },
    );
  });
});
