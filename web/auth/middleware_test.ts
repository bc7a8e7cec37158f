import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import fc from "fast-check";
import { users } from "../db/schema/users.ts";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import { requireAdmin, requireVerified, safeNextPath } from "./middleware.ts";

describe("safeNextPath", () => {
  it("keeps relative in-portal paths with their query", () => {
    assert.equal(safeNextPath("/security?tab=sessions"), "/security?tab=sessions");
    assert.equal(
      safeNextPath("/oauth/authorize?client_id=a&state=b#x"),
      "/oauth/authorize?client_id=a&state=b#x",
    );
  });

  it("refuses anything that could leave the portal", () => {
    for (
      const bad of [
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "javascript:alert(1)",
        "evil",
        "/\t/evil.example",
        "",
        undefined,
        null,
      ]
    ) {
      assert.equal(safeNextPath(bad, "/home"), "/home", String(bad));
    }
  });
});

describe("safeNextPath against dot segments and encodings", () => {
  const base = "http://portal.invalid";
  const staysHome = (path: string) =>
    path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") &&
    new URL(path, base).origin === base;

  it("never lets dot-segment removal produce a protocol-relative path", () => {
    for (
      const bad of [
        "/.//evil.example",
        "/%2e//evil",
        "/%2E//evil",
        "/a/..//evil",
        "/a/%2e%2e//evil",
        "/./\\evil",
      ]
    ) {
      const result = safeNextPath(bad, "/home");
      assert.ok(staysHome(result), `${bad} gave ${result}`);
      assert.equal(new URL(result, base).host, "portal.invalid");
    }
  });

  it("always yields a same-origin path, whatever the input (fuzzed)", () => {
    const fragment = fc.constantFrom(
      "/",
      "//",
      "\\",
      ".",
      "..",
      "%2e",
      "%2E",
      "%2f",
      "%5c",
      "evil.example",
      "a",
      "?",
      "#",
      ":",
      "@",
      "%00",
      " ",
      "http:",
      "\t",
      "\u3000",
      "\uff0f",
      "\u2215",
    );
    const candidate = fc.oneof(
      fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join("")),
      fc.string({ unit: "grapheme", maxLength: 40 }),
      fc.array(fragment, { maxLength: 12 }).map((parts) => "/" + parts.join("")),
    );
    fc.assert(
      fc.property(candidate, (next) => {
        const result = safeNextPath(next, "/fallback");
        return staysHome(result);
      }),
      { numRuns: 5000 },
    );
  });
});

describe("route guards", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    t.app.get("/guarded/verified", requireVerified(), (c) => c.text("verified area"));
    t.app.get("/guarded/admin", requireAdmin(), (c) => c.text("admin area"));
    t.app.post("/guarded/admin", requireAdmin(), (c) => c.text("admin action"));
  });
  after(() => t.close());

  it("requireVerified refuses unverified users with a way to verify", async () => {
    const browser = t.browser();
    const code = await browser.signUpUnverified(t, { email: "guard@example.com" });
    const refused = await browser.get("/guarded/verified");
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /href="\/verify-email"/);
    await browser.post("/verify-email", { code });
    assert.equal(await (await browser.get("/guarded/verified")).text(), "verified area");
  });

  it("asks htmx to navigate to sign-in instead of swapping it into a fragment", async () => {
    const response = await t.browser().post("/guarded/admin", {}, {
      "hx-request": "true",
      "hx-current-url": "http://localhost/security?tab=1",
    });
    assert.equal(response.status, 401);
    assert.equal(
      response.headers.get("hx-redirect"),
      `/signin?next=${encodeURIComponent("/security?tab=1")}`,
    );
  });

  it("requireAdmin refuses non-admins with 403 and lets admins in", async () => {
    const browser = t.browser();
    await browser.signUp(t, { email: "notadmin@example.com" });
    assert.equal((await browser.get("/guarded/admin")).status, 403);
    assert.equal((await t.browser().get("/guarded/admin")).status, 303, "signed out: to sign-in");
    await t.deps.db.update(users).set({ role: "admin" }).where(eq(users.email, "notadmin@example.com"));
    assert.equal(await (await browser.get("/guarded/admin")).text(), "admin area");
  });

  it("machine endpoints never read the session cookie", async () => {
    const browser = t.browser();
    await browser.signUp(t, { email: "cookie-holder@example.com" });
    const userinfo = await browser.request("/api/oauth/userinfo", { method: "POST" });
    assert.equal(userinfo.status, 401, "the signed-in browser's cookie is no bearer token");
    assert.equal(userinfo.headers.get("set-cookie"), null, "nor is its session refreshed");
    const token = await t.browser().request("/api/oauth/token", {
      method: "POST",
      headers: { cookie: "mixera_session=forged.value", "content-type": "application/x-www-form-urlencoded" },
      body: "grant_type=client_credentials",
    });
    assert.equal(token.headers.get("set-cookie"), null, "a forged cookie is neither read nor cleared");
  });
});
