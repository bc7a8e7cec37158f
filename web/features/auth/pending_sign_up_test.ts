import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { PENDING_SIGN_UP_COOKIE } from "./pending_sign_up.ts";

describe("the pending sign-up cookie", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  const verifiedAt = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0]?.emailVerifiedAt;
  const withAddress = (value: string, email: string) =>
    `${value.split(".")[0]}.${Buffer.from(email).toString("base64url")}`;

  it("works only with the nonce and the address it was issued with", async () => {
    const ana = t.browser("192.0.2.101");
    const anaCode = await ana.startSignUp(t, { email: "pending-ana@example.com" });
    const ben = t.browser("192.0.2.102");
    const benCode = await ben.startSignUp(t, { email: "pending-ben@example.com" });

    const swapped = t.browser("192.0.2.103");
    swapped.cookies.set(
      PENDING_SIGN_UP_COOKIE,
      withAddress(ana.cookies.get(PENDING_SIGN_UP_COOKIE)!, "pending-ben@example.com"),
    );
    assert.match(await (await swapped.get("/verify-email")).text(), /pending-ben@example\.com/);
    assert.equal(
      (await swapped.post("/verify-email", { code: anaCode })).status,
      422,
      "Ana's code, Ben's address",
    );
    assert.equal(
      (await swapped.post("/verify-email", { code: benCode })).status,
      422,
      "Ben's code, Ana's nonce",
    );
    assert.equal(swapped.cookies.has("mixera_session"), false);
    assert.equal(await verifiedAt("pending-ana@example.com"), null);
    assert.equal(await verifiedAt("pending-ben@example.com"), null);

    assert.equal((await ana.post("/verify-email", { code: anaCode })).status, 303);
    assert.ok(await verifiedAt("pending-ana@example.com"));
    assert.equal((await ben.post("/verify-email", { code: benCode })).status, 303);
    assert.ok(await verifiedAt("pending-ben@example.com"));
  });

  it("treats a malformed cookie as none", async () => {
    const nonce = "a".repeat(24);
    const address = Buffer.from("someone@example.com").toString("base64url");
    for (
      const value of [
        "garbage",
        `${nonce}.${address}.extra`,
        `${"a".repeat(23)}.${address}`,
        `${nonce}.${Buffer.from("not an address").toString("base64url")}`,
        `${nonce}.${Buffer.from("Upper@Example.com").toString("base64url")}`,
        `${nonce}.${"A".repeat(500)}`,
      ]
    ) {
      const browser = t.browser("192.0.2.104");
      browser.cookies.set(PENDING_SIGN_UP_COOKIE, value);
      const page = await browser.get("/verify-email");
      assert.equal(page.status, 303, value);
      assert.match(page.headers.get("location") ?? "", /^\/signin/, value);
      assert.equal((await browser.post("/verify-email", { code: "12345678" })).status, 303, value);
    }
  });

  it("mails a new code for a new account and nothing for a taken address", async () => {
    await t.browser("192.0.2.105").signUp(t, { email: "pending-owner@example.com" });
    const before = await t.lastMailTo("pending-owner@example.com");
    const taken = t.browser("192.0.2.106");
    await taken.post("/signup", {
      email: "pending-owner@example.com",
      displayName: "X",
      password: "probe password",
    });
    const notice = await t.lastMailTo("pending-owner@example.com");
    assert.match(notice?.subject ?? "", /Someone tried to create a MIXERA account/);
    assert.notDeepEqual(notice, before);
    const takenCookie = taken.cookies.get(PENDING_SIGN_UP_COOKIE);
    assert.equal((await taken.post("/verify-email/resend")).status, 200);
    assert.notEqual(taken.cookies.get(PENDING_SIGN_UP_COOKIE), takenCookie, "a new nonce either way");
    assert.deepEqual(await t.lastMailTo("pending-owner@example.com"), notice, "no code for the owner");

    const fresh = t.browser("192.0.2.107");
    const first = await fresh.startSignUp(t, { email: "pending-fresh@example.com" });
    assert.equal((await fresh.post("/verify-email/resend")).status, 200);
    const second = (await t.lastMailTo("pending-fresh@example.com"))!.text.match(/\b(\d{8})\b/)![1];
    if (second !== first) assert.equal((await fresh.post("/verify-email", { code: first })).status, 422);
    assert.equal((await fresh.post("/verify-email", { code: second })).status, 303);
    assert.ok(await verifiedAt("pending-fresh@example.com"));
  });
});
