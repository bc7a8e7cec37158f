import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import { isAllowedHost } from "./host.ts";

const production = { mode: "production", publicUrl: "https://portal.example" } as const;
const development = { mode: "development", publicUrl: "http://localhost:8000" } as const;

describe("isAllowedHost", () => {
  it("accepts PUBLIC_URL's host, and loopback names only in development", () => {
    assert.equal(isAllowedHost("portal.example", production), true);
    assert.equal(isAllowedHost("PORTAL.example", production), true);
    assert.equal(isAllowedHost("portal.example:8443", production), false);
    assert.equal(isAllowedHost("localhost", production), false);
    assert.equal(isAllowedHost("evil.example", production), false);
    for (const host of ["localhost:8000", "localhost:1234", "127.0.0.1:8000", "[::1]:8000", "localhost"]) {
      assert.equal(isAllowedHost(host, development), true, host);
    }
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.2", "", "a b"]) {
      assert.equal(isAllowedHost(host, development), false, host);
    }
  });
});

describe("Host checks in the app", () => {
  let dev: TestApp;
  let prod: TestApp;
  before(async () => {
    dev = await createTestApp();
    prod = await createTestApp({ MIXERA_ENV: "production", PUBLIC_URL: "https://portal.example" });
  });
  after(async () => {
    await dev.close();
    await prod.close();
  });

  it("refuse a same-origin post made under a rebound host name", async () => {
    const rebound = await prod.app.request("http://evil.example/signout", {
      method: "POST",
      headers: { "sec-fetch-site": "same-origin" },
    });
    assert.equal(rebound.status, 403);
    const ownOrigin = await prod.app.request("http://evil.example/signout", {
      method: "POST",
      headers: { origin: "http://evil.example" },
    });
    assert.equal(ownOrigin.status, 403);
    const genuine = await prod.app.request("http://portal.example/signout", {
      method: "POST",
      headers: { origin: "https://portal.example" },
    });
    assert.notEqual(genuine.status, 403);
  });

  it("accept loopback names in development", async () => {
    for (const base of ["http://localhost:8000", "http://127.0.0.1:9999"]) {
      const response = await dev.app.request(`${base}/signout`, {
        method: "POST",
        headers: { origin: base },
      });
      assert.notEqual(response.status, 403, base);
    }
  });

  it("serve the dev mailbox only to the portal's own host names", async () => {
    assert.equal((await dev.app.request("http://evil.example/dev/mailbox")).status, 403);
    assert.equal((await dev.app.request("http://localhost:8000/dev/mailbox")).status, 200);
    assert.equal((await dev.app.request("http://127.0.0.1:8000/dev/mailbox")).status, 200);
  });
});
