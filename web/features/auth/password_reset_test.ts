import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { passwordResetTokens } from "../../db/schema/password_reset.ts";
import { sessions } from "../../db/schema/sessions.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { LIMITS } from "./limits.ts";
import { RESET_TOKEN_TTL_MS } from "./password_reset.ts";

describe("password reset", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  async function requestLink(email: string, ip = "192.0.2.40"): Promise<string> {
    const response = await t.browser(ip).post("/reset-password", { email });
    assert.equal(response.status, 200);
    const mail = await t.lastMailTo(email);
    const link = mail?.text.match(/https?:\/\/\S+\/reset-password\/([a-z2-7]+)/);
    assert.ok(link, "a reset link was mailed");
    return link[1];
  }

  it("answers the same whether or not the account exists", async () => {
    await t.browser("192.0.2.41").signUp(t, { email: "exists@example.com" });
    const known = await t.browser("192.0.2.41").post("/reset-password", { email: "exists@example.com" });
    const unknown = await t.browser("192.0.2.41").post("/reset-password", { email: "ghost@example.com" });
    assert.equal(known.status, unknown.status);
    assert.equal(await known.text(), await unknown.text());
    assert.equal(await t.lastMailTo("ghost@example.com"), undefined);
  });

  it("answers both cases without waiting for the mail server, and mails only the owner", async () => {
    await t.browser("192.0.2.46").signUp(t, { email: "slow-mail@example.com" });
    const realMailer = t.deps.mailer;
    const sent: string[] = [];
    let deliver!: () => void;
    const mailServer = new Promise<void>((resolve) => (deliver = resolve));
    t.deps.mailer = {
      async send(mail) {
        sent.push(mail.to);
        await mailServer;
        await realMailer.send(mail);
      },
    };
    try {
      const answers = [];
      for (const email of ["slow-mail@example.com", "no-such-person@example.com"]) {
        const answer = t.browser("192.0.2.46").post("/reset-password", { email });
        const stalled = new Promise<"stalled">((resolve) => {
          const timer = setTimeout(() => resolve("stalled"), 5_000);
          answer.finally(() => clearTimeout(timer));
        });
        const first = await Promise.race([answer, stalled]);
        assert.notEqual(first, "stalled", `${email}: the answer waited for the mail server`);
        answers.push(first as Response);
      }
      assert.deepEqual(
        sent,
        ["slow-mail@example.com"],
        "the mail to the owner is on its way, still undelivered",
      );
      assert.equal(answers[0].status, answers[1].status);
      assert.equal(await answers[0].text(), await answers[1].text());
    } finally {
      deliver();
      t.deps.mailer = realMailer;
    }
    assert.match((await t.lastMailTo("slow-mail@example.com"))?.text ?? "", /\/reset-password\/[a-z2-7]{32}/);
  });

  it("uses a 160-bit token stored hashed, works once, and ends every session", async () => {
    const email = "reset@example.com";
    const signedIn = t.browser("192.0.2.42");
    await signedIn.signUp(t, { email });
    const token = await requestLink(email);
    assert.equal(token.length, 32, "20 random bytes in base32");
    const [row] = await t.deps.db.select().from(passwordResetTokens);
    assert.notEqual(row.tokenHash, token);

    const page = await t.browser("192.0.2.43").get(`/reset-password/${token}`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Choose a new password/);

    const weak = await t.browser("192.0.2.43").post(`/reset-password/${token}`, { password: "short" });
    assert.equal(weak.status, 422);

    const done = await t.browser("192.0.2.43").post(`/reset-password/${token}`, {
      password: "my new long password",
    });
    assert.equal(done.status, 303);
    assert.equal(done.headers.get("location"), "/signin?notice=password-reset");
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, email));
    assert.equal((await t.deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
    assert.ok(user.emailVerifiedAt, "reading the mail proved the address");
    assert.equal((await signedIn.get("/security")).status, 303, "the old session is gone");

    const again = await t.browser("192.0.2.43").post(`/reset-password/${token}`, {
      password: "yet another password",
    });
    assert.equal(again.status, 400);
    assert.equal((await t.browser("192.0.2.44").signIn(email, "my new long password")).status, 303);
  });

  it("refuses expired and made-up tokens", async () => {
    await t.browser("192.0.2.45").signUp(t, { email: "late@example.com" });
    const token = await requestLink("late@example.com", "192.0.2.45");
    t.clock.advance(RESET_TOKEN_TTL_MS);
    assert.equal((await t.browser("192.0.2.45").get(`/reset-password/${token}`)).status, 400);
    assert.equal((await t.browser("192.0.2.45").get(`/reset-password/${"a".repeat(32)}`)).status, 400);
    assert.equal((await t.browser("192.0.2.45").get("/reset-password/%3Cscript%3E")).status, 400);
  });

  it("limits requests per address, without revealing whether it exists", async () => {
    let status = 0;
    for (let i = 0; i <= LIMITS.resetRequestPerEmail.limit; i++) {
      status =
        (await t.browser(`198.51.100.${i + 1}`).post("/reset-password", { email: "nobody@example.com" }))
          .status;
    }
    assert.equal(status, 429);
  });
});
