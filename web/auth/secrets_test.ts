import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hashSecret, randomDigits, randomSecret, secretsEqual } from "./secrets.ts";

describe("secrets", () => {
  it("are random, URL-safe and as long as asked", () => {
    const a = randomSecret(20);
    assert.match(a, /^[a-z2-7]{32}$/);
    assert.notEqual(a, randomSecret(20));
    assert.match(randomDigits(8), /^\d{8}$/);
  });

  it("use every digit", () => {
    const seen = new Set(randomDigits(400));
    assert.equal(seen.size, 10);
  });

  it("hash with SHA-256 and compare by value", () => {
    assert.equal(hashSecret("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assert.equal(secretsEqual("abc", "abc"), true);
    assert.equal(secretsEqual("abc", "abd"), false);
    assert.equal(secretsEqual("abc", "abcd"), false);
  });
});
