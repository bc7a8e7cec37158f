import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  credentialLookupKey,
  credentialMatchesHash,
  generateClientId,
  generateCredential,
  generateTimeOrderedCredential,
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

describe("time-ordered credentials", () => {
  it("carry their issue time and are looked up by time then SHA-256", () => {
    const nowMs = Date.UTC(2026, 10, 21);
    const token = generateTimeOrderedCredential("accessToken", nowMs);
    const time = nowMs.toString(16).padStart(12, "0");
    assert.match(token, new RegExp(`^mxat_${time}[A-Za-z0-9_-]{43}$`));
    assert.ok(looksLikeCredential("accessToken", token));
    assert.ok(!looksLikeCredential("refreshToken", token));
    const key = credentialLookupKey(token);
    assert.equal(key, `t${time}.${hashCredential(token)}`);
    assert.ok(!key.includes(token.slice(5 + 12)), "the random part is stored only hashed");
  });

  it("keys sort in issue order, whatever the random part", () => {
    const keys = [1, 2, 3, 4, 5].map((ms) =>
      credentialLookupKey(generateTimeOrderedCredential("refreshToken", ms))
    );
    assert.deepEqual([...keys].sort(), keys);
  });

  it("older credentials keep their bare SHA-256 key", () => {
    const legacy = generateCredential("authorizationCode");
    assert.equal(credentialLookupKey(legacy), hashCredential(legacy));
    assert.equal(
      credentialLookupKey("mxat_nothex000000" + "a".repeat(43)),
      hashCredential("mxat_nothex000000" + "a".repeat(43)),
    );
  });
});
