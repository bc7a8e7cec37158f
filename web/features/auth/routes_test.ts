import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { sessions } from "../../db/schema/sessions.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { passwordHashing } from "../../auth/password.ts";
import { LIMITS, SIGN_IN_BACKOFF } from "./limits.ts";

describe("sign up, sign in, sign out", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" })));
  after(() => t.close());

  const userByEmail = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0];

  it("signs up with a normalised email and a Mixera ID, mails a code, and signs in only with that code", async () => {
    const browser = t.browser();
    const response = await browser.post("/signup", {
      email: "  New.DJ@Example.COM ",
      displayName: "  DJ New ",
      password: "correct horse battery",
    });
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), "/verify-email");
    const cookies = response.headers.getSetCookie();
    assert.equal(cookies.length, 1, "only the pending sign-up cookie");
    assert.match(cookies[0], /^mixera_signup=[a-z2-7]{24}\.[A-Za-z0-9_-]+;/);
    assert.match(cookies[0], /HttpOnly/);
    assert.match(cookies[0], /SameSite=Lax/);
    assert.doesNotMatch(cookies[0], /Secure/, "plain http gets no Secure flag");
    const user = await userByEmail("new.dj@example.com");
    assert.match(user.mixeraId, /^MXR-[A-Z2-9]{8}$/);
    assert.equal(user.displayName, "DJ New");
    assert.equal(user.role, "user");
    assert.equal(user.emailVerifiedAt, null);
    assert.equal((await t.deps.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
    const pending = await browser.get("/verify-email");
    assert.equal(pending.status, 200);
    assert.match(await pending.text(), /Check your email[\s\S]*new\.dj@example\.com/);
    assert.doesNotMatch(await (await browser.get("/")).text(), /not verified yet|Sign out/, "not signed in");

    const code = (await t.lastMailTo("new.dj@example.com"))?.text.match(/\b(\d{8})\b/)?.[1];
    assert.ok(code);
    const verified = await browser.post("/verify-email", { code });
    assert.equal(verified.status, 303);
    assert.equal(verified.headers.get("location"), "/verify-email");
    assert.ok(browser.cookies.get("mixera_session"), "the code starts the session");
    assert.ok(browser.cookies.get("mixera_device"), "and marks the browser");
    assert.equal(browser.cookies.has("mixera_signup"), false, "the pending sign-up is over");
    assert.match(await (await browser.get("/verify-email")).text(), /Email verified/);
    assert.ok((await userByEmail("new.dj@example.com")).emailVerifiedAt);
  });

  it("never takes X-Forwarded-Proto or the request's scheme as a reason for Secure cookies", async () => {
    const response = await t.app.request("https://localhost/signup", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
      body: new URLSearchParams({
        email: "tls@example.com",
        displayName: "TLS",
        password: "correct horse battery",
      }),
    }, { remoteAddr: "192.0.2.50" });
    assert.equal(response.status, 303);
    assert.doesNotMatch(response.headers.get("set-cookie") ?? "", /Secure/, "PUBLIC_URL is http here");
    assert.equal(response.headers.get("strict-transport-security"), null);
    const forwarded = await t.browser("192.0.2.51").post("/signup", {
      email: "forwarded@example.com",
      displayName: "Forwarded",
      password: "correct horse battery",
    }, { "x-forwarded-proto": "https" });
    assert.doesNotMatch(forwarded.headers.get("set-cookie") ?? "", /Secure/);
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

  it("answers a sign-up for a taken address like a new one, and mails the owner instead", async () => {
    await t.browser("192.0.2.3").signUp(t, { email: "taken@example.com" });
    const before = await userByEmail("taken@example.com");
    const fresh = await t.browser("192.0.2.3").post("/signup", {
      email: "fresh@example.com",
      displayName: "Fresh",
      password: "another password",
    });
    const taken = await t.browser("192.0.2.3").post("/signup", {
      email: "TAKEN@example.com",
      displayName: "Again",
      password: "another password",
    });
    const shape = (response: Response) => ({
      status: response.status,
      location: response.headers.get("location"),
      cookies: response.headers.getSetCookie().map((line) =>
        line.replace(/=[^;]*/, "=…").replace(/expires=[^;]*/i, "")
      ),
    });
    assert.deepEqual(shape(taken), shape(fresh));
    assert.equal(await taken.text(), await fresh.text());
    const mail = await t.lastMailTo("taken@example.com");
    assert.match(mail?.subject ?? "", /Someone tried to create a MIXERA account/);
    assert.doesNotMatch(mail?.text ?? "", /\b\d{8}\b/, "no verification code for someone else's address");
    assert.deepEqual(await userByEmail("taken@example.com"), before, "the existing account is unchanged");
  });

  it("follows the whole sign-up flow for a taken address exactly like for a new one", async () => {
    await t.browser("192.0.2.90").signUp(t, { email: "already@example.com" });
    const ownerBefore = await userByEmail("already@example.com");
    const freshCode = async (email: string) =>
      (await t.lastMailTo(email))?.text.match(/\b(\d{8})\b/)?.[1] ?? "";

    /** Everything a visitor can see of the answers to one pass through the flow, the address blanked. */
    async function walk(email: string, ip: string) {
      const browser = t.browser(ip);
      const seen: unknown[] = [];
      const look = async (step: string, response: Response) => {
        const headers = [...response.headers].filter(([name]) => !["set-cookie", "date"].includes(name));
        seen.push({
          step,
          status: response.status,
          headers,
          cookies: response.headers.getSetCookie().map((line) =>
            line.replace(/=[^;]*/, "=…").replace(/expires=[^;]*/i, "expires=…")
          ),
          body: (await response.text()).replaceAll(email, "<address>"),
          jar: [...browser.cookies.keys()].sort(),
        });
      };
      await look(
        "sign up",
        await browser.post("/signup", { email, displayName: "Probe", password: "probe password" }),
      );
      await look("follow the redirect", await browser.get("/verify-email"));
      await look("home", await browser.get("/"));
      await look("a page for signed-in users", await browser.get("/security"));
      await look("malformed code", await browser.post("/verify-email", { code: "12ab" }));
      const wrong = (await freshCode(email)) === "12345678" ? "87654321" : "12345678";
      await look("wrong code", await browser.post("/verify-email", { code: wrong }));
      await look("send a new code", await browser.post("/verify-email/resend"));
      await look("the page again", await browser.get("/verify-email"));
      for (let i = 1; i < LIMITS.verifyPerUser.limit; i++) {
        await browser.post("/verify-email", { code: wrong });
      }
      await look("one guess too many", await browser.post("/verify-email", { code: wrong }));
      await look(
        "a wrong password on sign-in",
        await browser.signIn(email, "another password entirely"),
      );
      return seen;
    }

    const fresh = await walk("brand-new@example.com", "192.0.2.91");
    const taken = await walk("already@example.com", "192.0.2.92");
    assert.deepEqual(taken, fresh);
    assert.equal((fresh[1] as { status: number }).status, 200, "the flow shows the code page");
    assert.deepEqual(
      await userByEmail("already@example.com"),
      ownerBefore,
      "the existing account is unchanged",
    );
  });

  it("spends a password hash on a taken address just as on a new one", async () => {
    await t.browser("192.0.2.3").signUp(t, { email: "owner@example.com" });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slots = Array.from({ length: 20 }, () => passwordHashing.run(() => blocked).catch(() => {}));
    try {
      for (const email of ["owner@example.com", "nobody-yet@example.com"]) {
        const response = await t.browser("192.0.2.33").post("/signup", {
          email,
          displayName: "Probe",
          password: "another password",
        });
        assert.equal(response.status, 503, `${email}: both cases wait for the hashing queue`);
        assert.ok(Number(response.headers.get("retry-after")) > 0);
        assert.match(await response.text(), /The portal is busy/);
      }
    } finally {
      release();
      await Promise.all(slots);
    }
    assert.equal(await userByEmail("nobody-yet@example.com"), undefined);
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

  it("makes ADMIN_EMAILS admins only once the address is verified", async () => {
    const boss = t.browser("192.0.2.8");
    const code = await boss.signUpUnverified(t, { email: "Boss@example.com" });
    assert.equal((await userByEmail("boss@example.com")).role, "user", "an unproven mailbox is no admin");
    assert.equal((await boss.get("/admin")).status, 403);
    await t.browser("192.0.2.8").signIn("boss@example.com");
    assert.equal((await userByEmail("boss@example.com")).role, "user", "nor after signing in unverified");
    assert.equal((await boss.post("/verify-email", { code })).status, 303);
    assert.equal((await userByEmail("boss@example.com")).role, "admin");
    assert.equal((await boss.get("/admin")).status, 200);
    await t.deps.db.update(users).set({ role: "user" }).where(eq(users.email, "boss@example.com"));
    await t.browser("192.0.2.8").signIn("boss@example.com");
    assert.equal(
      (await userByEmail("boss@example.com")).role,
      "admin",
      "a verified listed address at sign-in",
    );
  });

  it("slows down failed sign-ins per account with a growing wait instead of a lockout", async () => {
    await t.browser("192.0.2.9").signUp(t, { email: "target@example.com" });
    const policy = SIGN_IN_BACKOFF.perAccount;
    for (let i = 0; i < policy.freeFailures; i++) {
      // Spread over addresses so only the per-account counter can trigger.
      const guess = await t.browser(`198.51.100.${i + 1}`).signIn("target@example.com", "guess number " + i);
      assert.equal(guess.status, 422);
    }
    const slowed = await t.browser("198.51.100.50").signIn("target@example.com", "one more guess");
    assert.equal(slowed.status, 429);
    assert.equal(Number(slowed.headers.get("retry-after")), policy.baseDelayMs / 1000);
    t.clock.advance(policy.baseDelayMs);
    assert.equal(
      (await t.browser("198.51.100.51").signIn("target@example.com", "another guess")).status,
      422,
    );
    const longer = await t.browser("198.51.100.52").signIn("target@example.com", "and another");
    assert.equal(
      Number(longer.headers.get("retry-after")),
      (2 * policy.baseDelayMs) / 1000,
      "the wait doubles",
    );
    t.clock.advance(2 * policy.baseDelayMs);
    assert.equal((await t.browser("198.51.100.99").signIn("target@example.com")).status, 303);
    assert.equal(
      (await t.browser("198.51.100.53").signIn("target@example.com", "fresh guess")).status,
      422,
      "success clears the account's failures",
    );
  });

  it("lets the owner in from a browser that signed in before, however many guesses came from elsewhere", async () => {
    const owner = t.browser("192.0.2.19");
    await owner.signUp(t, { email: "besieged@example.com" });
    assert.ok(owner.cookies.get("mixera_device"), "sign-up marks the browser");
    await owner.post("/signout");
    for (let i = 0; i < SIGN_IN_BACKOFF.perAccount.freeFailures + 3; i++) {
      await t.browser(`198.51.101.${i + 1}`).signIn("besieged@example.com", "attacker guess " + i);
    }
    assert.equal((await t.browser("198.51.101.200").signIn("besieged@example.com")).status, 429);
    const back = await owner.signIn("besieged@example.com");
    assert.equal(back.status, 303, "the device cookie is judged by its own failures");
    const forged = t.browser("198.51.101.201");
    forged.cookies.set("mixera_device", owner.cookies.get("mixera_device")!.replace(/\.[^.]*$/, ".forged"));
    assert.equal(
      (await forged.signIn("besieged@example.com")).status,
      429,
      "an unsigned cookie earns nothing",
    );
    const other = t.browser("192.0.2.20");
    await other.signUp(t, { email: "other-account@example.com" });
    other.cookies.set("mixera_device", owner.cookies.get("mixera_device")!);
    await other.post("/signout");
    const stolenForOther = t.browser("198.51.101.202");
    stolenForOther.cookies.set("mixera_device", owner.cookies.get("mixera_device")!);
    assert.equal(
      (await stolenForOther.signIn("besieged@example.com", "wrong")).status,
      422,
      "a device cookie still checks the password",
    );
  });

  it("slows down failures per IP address, without holding back a device cookie behind the same address", async () => {
    const neighbour = t.browser("203.0.113.77");
    await neighbour.signUp(t, { email: "neighbour@example.com" });
    await neighbour.post("/signout");
    const browser = t.browser("203.0.113.77");
    let status = 0;
    for (let i = 0; i <= SIGN_IN_BACKOFF.perIp.freeFailures; i++) {
      status = (await browser.post("/signin", { email: `nobody${i}@example.com`, password: "x" })).status;
    }
    assert.equal(status, 429);
    assert.equal((await neighbour.signIn("neighbour@example.com")).status, 303);
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

describe("sign-in redirects", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  const escapes = ["/.//evil.example", "/%2e//evil", "/a/..//evil", "/a/%2e%2e//evil"];

  it("never sends a signed-in visitor off-site through ?next=", async () => {
    const browser = t.browser("192.0.2.60");
    await browser.signUp(t, { email: "redirect@example.com" });
    for (const next of escapes) {
      const response = await browser.get(`/signin?next=${encodeURIComponent(next)}`);
      assert.equal(response.status, 303);
      assert.equal(response.headers.get("location"), "/", next);
    }
  });

  it("never sends a signing-in visitor off-site through ?next= on POST", async () => {
    await t.browser("192.0.2.61").signUp(t, { email: "redirect-post@example.com" });
    for (const next of escapes) {
      const response = await t.browser("192.0.2.61").post(`/signin?next=${encodeURIComponent(next)}`, {
        email: "redirect-post@example.com",
        password: "correct horse battery",
      });
      assert.equal(response.status, 303);
      assert.equal(response.headers.get("location"), "/", next);
    }
  });
});

describe("sign-in under load", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it("answers 503 with a clear page when the password-hashing queue is full, then recovers", async () => {
    await t.browser("192.0.2.62").signUp(t, { email: "busy@example.com" });
    let release!: () => void;
    const blocked = new Promise<void>((resolve) => (release = resolve));
    const slots = Array.from({ length: 20 }, () => passwordHashing.run(() => blocked).catch(() => {}));
    assert.ok(
      passwordHashing.running + passwordHashing.waiting <= 20,
      "the queue holds no more than its bound",
    );
    try {
      const refused = await t.browser("192.0.2.62").signIn("busy@example.com");
      assert.equal(refused.status, 503);
      assert.ok(Number(refused.headers.get("retry-after")) > 0);
      assert.match(await refused.text(), /The portal is busy/);
    } finally {
      release();
      await Promise.all(slots);
    }
    assert.equal((await t.browser("192.0.2.62").signIn("busy@example.com")).status, 303);
  });
});

describe("over https (PUBLIC_URL https://…)", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp({ PUBLIC_URL: "https://portal.example" })));
  after(() => t.close());

  it("sends HSTS and Secure __Host- cookies, whatever X-Forwarded-Proto says", async () => {
    const browser = t.browser("192.0.2.70");
    const response = await browser.post("/signup", {
      email: "tls@example.com",
      displayName: "TLS",
      password: "correct horse battery",
    }, { "x-forwarded-proto": "http" });
    assert.equal(response.status, 303);
    assert.match(response.headers.get("strict-transport-security") ?? "", /max-age=\d{8,}/);
    const pending = response.headers.getSetCookie().find((line) => line.startsWith("__Host-mixera_signup="));
    assert.match(pending ?? "", /; Secure/, "the pending sign-up cookie carries the __Host- prefix");

    const code = (await t.lastMailTo("tls@example.com"))!.text.match(/\b(\d{8})\b/)![1];
    const verified = await browser.post("/verify-email", { code }, { "x-forwarded-proto": "http" });
    assert.equal(verified.status, 303);
    const session = verified.headers.getSetCookie().find((line) => line.startsWith("__Host-mixera_session="));
    assert.ok(session, "the session cookie carries the __Host- prefix");
    assert.match(session, /; Secure/);
    assert.match(session, /; Path=\//);
    assert.doesNotMatch(session, /Domain=/i);
    const device = verified.headers.getSetCookie().find((line) => line.startsWith("__Host-mixera_device="));
    assert.match(device ?? "", /; Secure/);
    assert.equal(browser.cookies.has("mixera_session"), false);

    const home = await browser.get("/");
    assert.match(await home.text(), /Sign out/, "the __Host- cookie signs the browser in");
    assert.match(home.headers.get("strict-transport-security") ?? "", /max-age/);

    const plain = t.browser("192.0.2.71");
    plain.cookies.set("mixera_session", browser.cookies.get("__Host-mixera_session")!);
    assert.doesNotMatch(
      await (await plain.get("/")).text(),
      /Sign out/,
      "the unprefixed name is ignored",
    );
  });
});
