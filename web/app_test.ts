import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "./testing/test_app.ts";
import { AREAS } from "./ui/areas.ts";
import { previewMember } from "./features/devices/testing/support.ts";

describe("the portal shell", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it("sends security headers on every response, 404s included", async () => {
    for (const path of ["/", "/signin", "/no/such/page"]) {
      const response = await t.browser().get(path);
      const csp = response.headers.get("content-security-policy") ?? "";
      assert.match(csp, /frame-ancestors 'none'/, path);
      assert.match(csp, /script-src 'self'/, path);
      assert.equal(response.headers.get("x-content-type-options"), "nosniff");
      assert.ok(response.headers.get("referrer-policy"));
    }
  });

  it("answers unknown routes with a 404 page", async () => {
    const response = await t.browser().get("/no/such/page");
    assert.equal(response.status, 404);
    assert.match(await response.text(), /Page not found/);
  });

  it("serves the stylesheet and htmx 4.0.1 from hashed asset URLs", async () => {
    const html = await (await t.browser().get("/signin")).text();
    const css = html.match(/href="(\/assets\/app\.[0-9a-f]+\.css)"/)?.[1];
    const js = html.match(/src="(\/assets\/htmx-4\.0\.1\.[0-9a-f]+\.js)"/)?.[1];
    assert.ok(css && js, "layout links the assets");
    const cssResponse = await t.browser().get(css);
    assert.equal(cssResponse.headers.get("content-type"), "text/css; charset=utf-8");
    assert.match(await cssResponse.text(), /#a259ff/i);
    const jsResponse = await t.browser().get(js);
    assert.match(await jsResponse.text(), /4\.0\.1/);
    assert.doesNotMatch(html, /<style|style="|<script>/, "no inline styles or scripts (CSP)");
  });

  it("refuses cross-site posts and posts without origin evidence", async () => {
    const browser = t.browser();
    const crossSite = await browser.post("/signin", { email: "a@example.com", password: "x" }, {
      "sec-fetch-site": "cross-site",
    });
    assert.equal(crossSite.status, 403);
    const noEvidence = await browser.request("/signin", {
      method: "POST",
      body: new URLSearchParams({ email: "a@example.com", password: "x" }),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(noEvidence.status, 403);
    const otherOrigin = await browser.request("/signout", {
      method: "POST",
      headers: { origin: "http://evil.example" },
    });
    assert.equal(otherOrigin.status, 403);
  });

  it("lets OAuth back-channel posts past the CSRF check", async () => {
    const response = await t.browser().request("/api/oauth/token", { method: "POST" });
    assert.notEqual(response.status, 403);
  });

  it("exempts from the CSRF check the machine endpoints mounted ahead of it, and nothing else", async () => {
    const crossSite = (path: string) =>
      t.browser().request(path, { method: "POST", headers: { "sec-fetch-site": "cross-site" } });
    for (
      const path of [
        "/api/oauth/token",
        "/api/oauth/revoke",
        "/api/oauth/introspect",
        "/api/oauth/userinfo",
        "/api/oauth/device_authorization",
      ]
    ) {
      assert.notEqual((await crossSite(path)).status, 403, path);
    }
    for (const path of ["/api/oauth/tokens", "/api/oauth/authorize", "/signin", "/activate"]) {
      assert.equal((await crossSite(path)).status, 403, path);
    }
  });

  it("names every area in the sidebar, and every area is built (none answers with the placeholder)", async () => {
    const browser = t.browser();
    await browser.signUp(t, { email: "areas@example.com" });
    const overview = await (await browser.get("/")).text();
    for (const area of AREAS.filter((a) => !a.adminOnly)) {
      assert.ok(overview.includes(`href="${area.path}"`), area.title);
    }
    assert.ok(!overview.includes('href="/admin"'), "Admin is hidden from non-admins");
    const member = await previewMember(t);
    for (const area of AREAS.filter((a) => !a.adminOnly)) {
      const page = await member.browser.get(area.path);
      assert.equal(page.status, 200, area.path);
      assert.doesNotMatch(await page.text(), /Not available yet/, `${area.path} is built, no placeholder`);
    }
    const preview = await browser.get("/mixey");
    assert.equal(preview.status, 403, "preview areas are behind the Preview Program gate");
    assert.match(await preview.text(), /part of the MIXERA Preview Program/);
  });

  it("sends signed-out visitors of an area to sign-in, keeping the path", async () => {
    const response = await t.browser().get("/devices?tab=all");
    assert.equal(response.status, 303);
    assert.equal(response.headers.get("location"), `/signin?next=${encodeURIComponent("/devices?tab=all")}`);
  });

  it("shows the dev mailbox in development only", async () => {
    assert.equal((await t.browser().get("/dev/mailbox")).status, 200);
    const production = await createTestApp({ MIXERA_ENV: "production" });
    try {
      assert.equal((await production.browser().get("/dev/mailbox")).status, 404);
    } finally {
      await production.close();
    }
  });
});
