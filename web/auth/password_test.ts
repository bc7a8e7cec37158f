import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hashPassword, newPasswordSchema, verifyPassword } from "./password.ts";

describe("passwords", () => {
  it("hash to an argon2id PHC string with the OWASP parameters", async () => {
    const phc = await hashPassword("correct horse battery");
    assert.match(phc, /^\$argon2id\$v=19\$m=19456,t=3,p=1\$/);
    assert.equal(await verifyPassword(phc, "correct horse battery"), true);
    assert.equal(await verifyPassword(phc, "correct horse batter"), false);
  });

  it("match across Unicode normalisation forms but are otherwise not altered", async () => {
    const composed = "caf\u00e9 au lait";
    const decomposed = "cafe\u0301 au lait";
    const phc = await hashPassword(decomposed);
    assert.equal(await verifyPassword(phc, composed), true);
    assert.equal(await verifyPassword(phc, " cafe\u0301 au lait"), false);
    assert.equal(await verifyPassword(phc, "CAF\u00c9 AU LAIT"), false);
  });

  it("treat a malformed hash as a mismatch", async () => {
    assert.equal(await verifyPassword("not a hash", "whatever1"), false);
  });

  it("need 8 to 256 characters, counted after NFC", () => {
    assert.equal(newPasswordSchema.safeParse("1234567").success, false);
    assert.equal(newPasswordSchema.safeParse("12345678").success, true);
    assert.equal(newPasswordSchema.safeParse("x".repeat(256)).success, true);
    assert.equal(newPasswordSchema.safeParse("x".repeat(257)).success, false);
    // 8 decomposed "é" are 16 code units but 8 characters after NFC.
    assert.equal(newPasswordSchema.safeParse("e\u0301".repeat(8)).success, true);
    assert.equal(newPasswordSchema.safeParse("e\u0301".repeat(7)).success, false);
    assert.equal(newPasswordSchema.parse("  spaced out  "), "  spaced out  ");
  });
});
