import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { sessions } from "../../db/schema/sessions.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { LIMITS } from "./limits.ts";

describe("sign up, sign in, sign out", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" })));
  after(() => t.close());

  const userByEmail = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0];

  it("signs up with a normalised email, a Mixera ID and a session, and mails a code", async () => {
    const browser = t.browser();
    const response = await browser.post("/signup", {
      email: "  New.DJ@Example.COM ",
      displayName: "  DJ New ",
      password: "correct horse battery",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/verify-email");
    const cookie = response.headers.get("set-cookie") ?? "";
    assert.match(cookie, /mixera_session=[a-z2-7]+\.[a-z2-7]+/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.doesNotMatch(cookie, /Secure/, "plain http gets no Secure flag");
    const user = await userByEmail("new.dj@example.com");
    assert.match(user.mixeraId, /^MXR-[A-Z2-9]{8}$/);
    assert.equal(user.displayName, "DJ New");
    assert.equal(user.role, "user");
    assert.equal(user.emailVerifiedAt, null);
    const mail = await t.lastMailTo("new.dj@example.com");
    assert.match(mail?.text ?? "", /\b\d{8}\b/);
    const page = await (await browser.get("/")).text();
    assert.match(page, /not verified yet/);
  });

  it("marks the session cookie Secure over https", async () => {
    // Its own portal: form posts are answered only under PUBLIC_URL's host.
    const tls = await createTestApp({ PUBLIC_URL: "https://portal.example" });
    try {
      const response = await tls.app.request("https://portal.example/signup", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
        body: new URLSearchParams({
          email: "tls@example.com",
          displayName: "TLS",
          password: "correct horse battery",
        }),
      }, { remoteAddr: "192.0.2.50" });
      assert.equal(response.status, 303);
      assert.match(response.headers.get("set-cookie") ?? "", /Secure/);
    } finally {
      await tls.close();
    }
  });

  it("re-renders invalid sign-ups with inline errors (422)", async () => {
    const response = await t.browser("192.0.2.2").post("/signup", {
      email: "not-an-email",
      displayName: "",
      password: "short",
    });
    assert.equal(response.status, 422);
    const html = await response.text();
    assert.match(html, /Enter a valid email address/);
    assert.match(html, /Enter a display name/);
    assert.match(html, /at least 8 characters/);
    assert.match(html, /value="not-an-email"/);
  });

  it("says clearly when the email is taken, whatever its case", async () => {
    await t.browser("192.0.2.3").signUp(t, { email: "taken@example.com" });
    const response = await t.browser("192.0.2.3").post("/signup", {
      email: "TAKEN@example.com",
      displayName: "Again",
      password: "another password",
    });
    assert.equal(response.status, 422);
    assert.match(await response.text(), /already exists/);
  });

  it("survives garbage input without a 500", async () => {
    const browser = t.browser("192.0.2.4");
    for (const path of ["/signup", "/signin", "/reset-password"]) {
      const response = await browser.request(path, {
        method: "POST",
        body: "%%%&&&=\u0000",
        headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      });
      assert.equal(response.status, 422, path);
      const huge = await browser.post(path, { email: "x".repeat(70_000) });
      assert.equal(huge.status, 413, path);
    }
  });

  it("signs in with a fresh session each time, honours a relative next, and signs out", async () => {
    const email = "signin@example.com";
    const first = t.browser("192.0.2.5");
    await first.signUp(t, { email });
    const signUpToken = first.cookies.get("mixera_session");
    const response = await first.post(`/signin?next=${encodeURIComponent("/security?x=1")}`, {
      email: "SignIn@example.com",
      password: "correct horse battery",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/security?x=1");
    assert.notEqual(first.cookies.get("mixera_session"), signUpToken);
    const user = await userByEmail(email);
    assert.equal((await t.deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 2);

    const evil = await t.browser("192.0.2.5").post(`/signin?next=${encodeURIComponent("//evil.example/x")}`, {
      email,
      password: "correct horse battery",
    });
    assert.equal(evil.headers.get("location"), "/");

    const signedOut = await first.post("/signout");
    assert.equal(signedOut.status, 303);
    assert.equal(first.cookies.has("mixera_session"), false);
    const afterSignOut = await first.get("/security");
    assert.equal(afterSignOut.status, 303);
    assert.match(afterSignOut.headers.get("location") ?? "", /^\/signin/);
  });

  it("gives the same answer for an unknown email and a wrong password", async () => {
    await t.browser("192.0.2.6").signUp(t, { email: "known@example.com" });
    const wrongPassword = await t.browser("192.0.2.6").signIn("known@example.com", "wrong password");
    const unknown = await t.browser("192.0.2.6").signIn("unknown@example.com", "wrong password");
    assert.equal(wrongPassword.status, 422);
    assert.equal(unknown.status, 422);
    const message = /The email address or the password is not right/;
    assert.match(await wrongPassword.text(), message);
    assert.match(await unknown.text(), message);
  });

  it("refuses disabled accounts", async () => {
    await t.browser("192.0.2.7").signUp(t, { email: "disabled@example.com" });
    await t.deps.db.update(users).set({ disabledAt: t.clock.now() }).where(
      eq(users.email, "disabled@example.com"),
    );
    const response = await t.browser("192.0.2.7").signIn("disabled@example.com");
    assert.equal(response.status, 422);
    assert.match(await response.text(), /disabled/);
  });

  it("makes ADMIN_EMAILS admins at sign-up and at sign-in", async () => {
    await t.browser("192.0.2.8").signUp(t, { email: "Boss@example.com" });
    assert.equal((await userByEmail("boss@example.com")).role, "admin");
    await t.deps.db.update(users).set({ role: "user" }).where(eq(users.email, "boss@example.com"));
    await t.browser("192.0.2.8").signIn("boss@example.com");
    assert.equal((await userByEmail("boss@example.com")).role, "admin");
  });

  it("limits sign-in attempts per account with 429 and Retry-After", async () => {
    await t.browser("192.0.2.9").signUp(t, { email: "target@example.com" });
    let last: Response | undefined;
    for (let i = 0; i <= LIMITS.signInPerAccount.limit; i++) {
      // Spread over addresses so only the per-account limit can trigger.
      last = await t.browser(`198.51.100.${i + 1}`).signIn("target@example.com", "guess number " + i);
    }
    assert.equal(last?.status, 429);
    assert.ok(Number(last?.headers.get("retry-after")) > 0);
    t.clock.advance(LIMITS.signInPerAccount.windowMs);
    assert.equal((await t.browser("198.51.100.99").signIn("target@example.com")).status, 303);
  });

  it("limits sign-in attempts per IP address", async () => {
    const browser = t.browser("203.0.113.77");
    let status = 0;
    for (let i = 0; i <= LIMITS.signInPerIp.limit; i++) {
      status = (await browser.post("/signin", { email: `nobody${i}@example.com`, password: "x" })).status;
    }
    assert.equal(status, 429);
  });

  it("limits sign-ups per IP address", async () => {
    const browser = t.browser("203.0.113.78");
    let status = 0;
    for (let i = 0; i <= LIMITS.signUpPerIp.limit; i++) {
      status =
        (await browser.post("/signup", { email: `bulk${i}@example.com`, displayName: "B", password: "p" }))
          .status;
    }
    // Invalid forms are answered before the limiter, so only valid sign-ups count.
    assert.equal(status, 422);
    for (let i = 0; i <= LIMITS.signUpPerIp.limit; i++) {
      status = (await browser.post("/signup", {
        email: `bulk${i}@example.com`,
        displayName: "Bulk",
        password: "long enough password",
      })).status;
    }
    assert.equal(status, 429);
  });
});
