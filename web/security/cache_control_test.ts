import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../testing/test_app.ts";

describe("Cache-Control of pages", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  it("is no-store on every HTML page rendered for a signed-in user", async () => {
    const browser = t.browser();
    await browser.signUp(t, { email: "cache@example.com" });
    for (const path of ["/", "/profile", "/security", "/danger-zone", "/no/such/page"]) {
      const response = await browser.get(path);
      assert.match(response.headers.get("content-type") ?? "", /^text\/html/, path);
      assert.equal(response.headers.get("cache-control"), "no-store", path);
    }
  });

  it("leaves the routes' own policies alone", async () => {
    const browser = t.browser();
    await browser.signUp(t, { email: "cache2@example.com" });
    const metadata = await browser.get("/.well-known/oauth-authorization-server");
    assert.equal(metadata.headers.get("cache-control"), "public, max-age=3600");
  });
});
