import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { createTestApp, type SignUpInput, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { LIMITS } from "./limits.ts";
import { VERIFICATION_CODE_TTL_MS } from "./verification.ts";

/**
 * The code is entered either right after sign-up (the pending sign-up cookie, no session yet) or by a
 * user who signed in with the password before verifying; both ways follow the same rules.
 */
const ways = [
  {
    name: "after sign-up",
    start: (browser: TestBrowser, input: SignUpInput) => browser.startSignUp(t, input),
  },
  {
    name: "signed in unverified",
    start: (browser: TestBrowser, input: SignUpInput) => browser.signUpUnverified(t, input),
  },
];
let t: TestApp;

for (const { name, start } of ways) {
  describe(`email verification, ${name}`, () => {
    before(async () => (t = await createTestApp()));
    after(() => t.close());

    const verifiedAt = async (email: string) =>
      (await t.deps.db.select().from(users).where(eq(users.email, email)))[0].emailVerifiedAt;
    const wrongCode = (code: string) => String((Number(code) + 1) % 1e8).padStart(8, "0");

    it("stores only a hash of the code, accepts it once, and removes the banner", async () => {
      const browser = t.browser("192.0.2.30");
      const code = await start(browser, { email: "verify@example.com" });
      const [row] = await t.deps.db.select().from(emailVerificationCodes);
      assert.notEqual(row.codeHash, code);
      assert.ok(!row.codeHash.includes(code));

      const wrong = await browser.post("/verify-email", { code: wrongCode(code) });
      assert.equal(wrong.status, 422);
      assert.equal(await verifiedAt("verify@example.com"), null);

      const ok = await browser.post("/verify-email", { code });
      assert.equal(ok.status, 303);
      assert.ok(await verifiedAt("verify@example.com"));
      assert.doesNotMatch(await (await browser.get("/")).text(), /not verified yet/);
      assert.equal((await t.deps.db.select().from(emailVerificationCodes)).length, 0, "the code is used up");
    });

    it("rejects malformed codes inline", async () => {
      const browser = t.browser("192.0.2.31");
      await start(browser, { email: "malformed@example.com" });
      for (const code of ["1234", "abcdefgh", "123456789", ""]) {
        const response = await browser.post("/verify-email", { code });
        assert.equal(response.status, 422, code);
        assert.match(await response.text(), /8 digits|8-digit/);
      }
    });

    it("expires codes and replaces them when a new one is sent", async () => {
      const browser = t.browser("192.0.2.32");
      const first = await start(browser, { email: "expire@example.com" });
      t.clock.advance(VERIFICATION_CODE_TTL_MS);
      assert.equal((await browser.post("/verify-email", { code: first })).status, 422);

      assert.equal((await browser.post("/verify-email/resend")).status, 200);
      const second = (await t.lastMailTo("expire@example.com"))!.text.match(/\b(\d{8})\b/)![1];
      if (second !== first) assert.equal((await browser.post("/verify-email", { code: first })).status, 422);
      assert.equal((await browser.post("/verify-email", { code: second })).status, 303);
      assert.ok(await verifiedAt("expire@example.com"));
    });

    it("limits guesses, so the 8 digits cannot be brute-forced", async () => {
      const browser = t.browser("192.0.2.33");
      const code = await start(browser, { email: "guess@example.com" });
      for (let i = 0; i < LIMITS.verifyPerUser.limit; i++) {
        assert.equal((await browser.post("/verify-email", { code: wrongCode(code) })).status, 422);
      }
      const blocked = await browser.post("/verify-email", { code });
      assert.equal(blocked.status, 429);
      assert.ok(blocked.headers.get("retry-after"));
      assert.equal(await verifiedAt("guess@example.com"), null);
    });

    it("limits resending", async () => {
      const browser = t.browser("192.0.2.34");
      await start(browser, { email: "resend@example.com" });
      let status = 0;
      for (let i = 0; i <= LIMITS.verifyResendPerUser.limit; i++) {
        status = (await browser.post("/verify-email/resend")).status;
      }
      assert.equal(status, 429);
    });

    it("is for signed-in users only", async () => {
      const response = await t.browser().get("/verify-email");
      assert.equal(response.status, 303);
    });
  });
}
