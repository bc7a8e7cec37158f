import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { sessions } from "../../db/schema/sessions.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";

describe("the Security page", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  async function sessionIdsOf(email: string): Promise<string[]> {
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, email));
    return (await t.deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).map((s) => s.id);
  }
  const sessionIdOf = (browser: TestBrowser) => browser.cookies.get("mixera_session")!.split(".")[0];

  it("lists every session with browser, system and IP, and marks the current one", async () => {
    const laptop = t.browser("192.0.2.10");
    await laptop.signUp(t, { email: "list@example.com" });
    const phone = t.browser("192.0.2.11");
    phone.userAgent =
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
    await phone.signIn("list@example.com");
    const html = await (await laptop.get("/security")).text();
    assert.match(html, /Chrome 131/);
    assert.match(html, /Mobile Safari 17/);
    assert.match(html, /iOS 17\.1/);
    assert.match(html, /192\.0\.2\.11/);
    const currentRow = html.match(new RegExp(`<tr id="session-${sessionIdOf(laptop)}">[\\s\\S]*?</tr>`))?.[0];
    assert.match(currentRow ?? "", /This session/);
    assert.doesNotMatch(currentRow ?? "", /Revoke/);
  });

  it("revokes another session (plain form and htmx)", async () => {
    const a = t.browser("192.0.2.12");
    await a.signUp(t, { email: "revoke@example.com" });
    const b = t.browser("192.0.2.13");
    await b.signIn("revoke@example.com");
    const c = t.browser("192.0.2.14");
    await c.signIn("revoke@example.com");

    const plain = await a.post(`/security/sessions/${sessionIdOf(b)}/revoke`);
    assert.equal(plain.status, 303);
    assert.equal((await b.get("/security")).status, 303, "b was signed out");

    const htmx = await a.post(`/security/sessions/${sessionIdOf(c)}/revoke`, {}, { "hx-request": "true" });
    assert.equal(htmx.status, 200);
    assert.match(await htmx.text(), /Session ended/);
    assert.deepEqual(await sessionIdsOf("revoke@example.com"), [sessionIdOf(a)]);
  });

  it("does not let user A see or revoke user B's sessions", async () => {
    const alice = t.browser("192.0.2.15");
    await alice.signUp(t, { email: "alice@example.com" });
    const bob = t.browser("192.0.2.16");
    await bob.signUp(t, { email: "bob@example.com" });
    const bobSession = sessionIdOf(bob);

    const alicePage = await (await alice.get("/security")).text();
    assert.ok(!alicePage.includes(bobSession), "Bob's session is not listed to Alice");
    assert.ok(!alicePage.includes("192.0.2.16"));

    const attempt = await alice.post(`/security/sessions/${bobSession}/revoke`);
    assert.equal(attempt.status, 404);
    assert.deepEqual(await sessionIdsOf("bob@example.com"), [bobSession]);
    assert.equal((await bob.get("/security")).status, 200);
  });

  it("signs out of all other sessions", async () => {
    const a = t.browser("192.0.2.17");
    await a.signUp(t, { email: "others@example.com" });
    const b = t.browser("192.0.2.18");
    await b.signIn("others@example.com");
    const response = await a.post("/security/sessions/revoke-others");
    assert.equal(response.status, 303);
    assert.deepEqual(await sessionIdsOf("others@example.com"), [sessionIdOf(a)]);
  });

  it("changes the password only with the current one and ends the other sessions", async () => {
    const a = t.browser("192.0.2.19");
    await a.signUp(t, { email: "change@example.com" });
    const b = t.browser("192.0.2.20");
    await b.signIn("change@example.com");

    const wrong = await a.post("/security/password", {
      currentPassword: "not my password",
      newPassword: "a brand new password",
    });
    assert.equal(wrong.status, 422);
    assert.match(await wrong.text(), /not your current password/);

    const tooShort = await a.post("/security/password", {
      currentPassword: "correct horse battery",
      newPassword: "short",
    });
    assert.equal(tooShort.status, 422);

    const ok = await a.post("/security/password", {
      currentPassword: "correct horse battery",
      newPassword: "a brand new password",
    });
    assert.equal(ok.status, 303);
    assert.deepEqual(await sessionIdsOf("change@example.com"), [sessionIdOf(a)]);
    assert.equal((await t.browser("192.0.2.21").signIn("change@example.com")).status, 422);
    assert.equal(
      (await t.browser("192.0.2.21").signIn("change@example.com", "a brand new password")).status,
      303,
    );
  });

  it("cannot be reached signed out", async () => {
    const response = await t.browser().post("/security/sessions/revoke-others");
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/signin/);
  });
});
