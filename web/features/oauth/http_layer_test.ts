/** The OAuth pages and endpoints on the portal's HTTP layer: CSP, oversized forms, strict JSON bodies. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { CONTENT_SECURITY_POLICY } from "../../security/headers.ts";
import { authorizeParams, authorizeUrl, postForm, registeredApp, signedInUser } from "./testing/fixture.ts";
import { MAX_TOKEN_REQUEST_BYTES } from "./token_request.ts";

let t: TestApp;
let browser: TestBrowser;
let client: { clientId: string; clientSecret: string };

before(async () => {
  t = await createTestApp();
  const signedIn = await signedInUser(t);
  browser = signedIn.browser;
  client = await registeredApp(t, signedIn.user);
});
after(() => t.close());

describe("OAuth pages on the HTTP layer", () => {
  it("send the portal's whole CSP on the consent and /activate pages", async () => {
    const consent = await browser.get(authorizeUrl(authorizeParams(client.clientId)));
    assert.equal(consent.status, 200);
    assert.equal(consent.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
    const activate = await browser.get("/activate?user_code=BCDF-GHJK");
    assert.equal(activate.status, 200);
    assert.equal(activate.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
    const posted = await browser.post("/activate", { user_code: "BCDF-GHJK" });
    assert.equal(posted.headers.get("content-security-policy"), CONTENT_SECURITY_POLICY);
  });

  it("answer an oversized consent or activation form 413 instead of reading it as empty", async () => {
    const padding = "x".repeat(MAX_TOKEN_REQUEST_BYTES);
    const consent = await browser.post("/api/oauth/authorize", {
      ...authorizeParams(client.clientId),
      decision: "allow",
      padding,
    });
    assert.equal(consent.status, 413);
    const activate = await browser.post("/activate", { user_code: "BCDF-GHJK", padding });
    assert.equal(activate.status, 413);
  });

  it("refuse a JSON token request with a duplicate key", async () => {
    const response = await t.app.request("/api/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body:
        `{"grant_type":"refresh_token","client_id":"${client.clientId}","refresh_token":"a","refresh_token":"b"}`,
    }, { remoteAddr: "198.51.100.7" });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.error, "invalid_request");
    assert.match(body.error_description, /"refresh_token" is repeated/);
  });

  it("refuse a chunked token request over the limit with 413", async () => {
    const chunk = new TextEncoder().encode("a=" + "x".repeat(4096) + "&");
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > 4 * MAX_TOKEN_REQUEST_BYTES) return controller.close();
        sent += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const response = await t.app.request("/api/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body,
      duplex: "half",
    } as RequestInit, { remoteAddr: "198.51.100.7" });
    assert.equal(response.status, 413);
    assert.ok(sent <= MAX_TOKEN_REQUEST_BYTES + 2 * chunk.byteLength, `read ${sent} bytes`);
  });

  it("still reads a normal back-channel form", async () => {
    const response = await postForm(t, "/api/oauth/token", { grant_type: "client_credentials" });
    assert.equal((await response.json()).error, "unsupported_grant_type");
  });
});
