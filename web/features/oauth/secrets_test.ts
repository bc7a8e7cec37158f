import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  credentialMatchesHash,
  generateClientId,
  generateCredential,
  generateUserCode,
  hashCredential,
  looksLikeCredential,
  normalizeUserCode,
} from "./secrets.ts";

describe("credentials", () => {
  it("carry at least 128 random bits and never repeat", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) seen.add(generateCredential("accessToken"));
    assert.equal(seen.size, 200);
    const token = generateCredential("refreshToken");
    assert.match(token, /^mxrt_[A-Za-z0-9_-]{43}$/);
    assert.ok(looksLikeCredential("refreshToken", token));
    assert.ok(!looksLikeCredential("accessToken", token));
  });

  it("are stored as SHA-256 hex and verified against the hash", () => {
    const secret = generateCredential("clientSecret");
    const stored = hashCredential(secret);
    assert.match(stored, /^[0-9a-f]{64}$/);
    assert.ok(!stored.includes(secret));
    assert.ok(credentialMatchesHash(secret, stored));
    assert.ok(!credentialMatchesHash(secret + "x", stored));
    assert.ok(!credentialMatchesHash(secret, "not-hex"));
  });

  it("hash a known value to its SHA-256", () => {
    assert.equal(hashCredential("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("client ids are prefixed and distinct", () => {
    const id = generateClientId();
    assert.match(id, /^mxc_[a-z2-7]{20}$/);
    assert.notEqual(id, generateClientId());
  });
});

describe("device user codes", () => {
  it("are typeable and normalize back to themselves", () => {
    const code = generateUserCode();
    assert.match(code, /^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
    assert.equal(normalizeUserCode(code.toLowerCase().replace("-", " ")), code);
  });

  it("reject anything else", () => {
    assert.equal(normalizeUserCode("ABCD-EFG"), null);
    assert.equal(normalizeUserCode("AAAA-AAAA"), null);
    assert.equal(normalizeUserCode(""), null);
  });
});
