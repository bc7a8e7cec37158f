import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isValidCodeChallenge, s256Challenge, verifyS256 } from "./pkce.ts";

describe("PKCE S256", () => {
  const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
  const challenge = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

  it("matches the RFC 7636 appendix B example", () => {
    assert.equal(s256Challenge(verifier), challenge);
    assert.ok(verifyS256(verifier, challenge));
  });

  it("rejects a different verifier", () => {
    assert.ok(!verifyS256(verifier.replace("d", "e"), challenge));
  });

  it("rejects verifiers outside the RFC length and alphabet", () => {
    assert.ok(!verifyS256("short", s256Challenge("short")));
    const tooLong = "a".repeat(129);
    assert.ok(!verifyS256(tooLong, s256Challenge(tooLong)));
    const badChars = "a".repeat(42) + "+";
    assert.ok(!verifyS256(badChars, s256Challenge(badChars)));
  });

  it("recognises challenge shapes", () => {
    assert.ok(isValidCodeChallenge(challenge));
    assert.ok(!isValidCodeChallenge(verifier + "xx"));
    assert.ok(!isValidCodeChallenge("plain-text"));
  });
});
