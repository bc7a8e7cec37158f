/** D1 and the whole RFC 8628 device flow against the real app. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { postForm, registeredApp, signedInUser, userinfo } from "./testing/fixture.ts";
import { DEVICE_CODE_GRANT } from "./device.ts";

let t: TestApp;
let controller: { clientId: string; clientSecret: string };

before(async () => {
  t = await createTestApp();
  const owner = (await signedInUser(t)).user;
  controller = await registeredApp(t, owner, { clientType: "public" });
});
after(() => t.close());

async function startDevice(scope = "profile devices:read offline_access") {
  const response = await postForm(t, "/api/oauth/device_authorization", {
    client_id: controller.clientId,
    scope,
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("cache-control"), "no-store");
  return await response.json();
}

async function poll(deviceCode: string) {
  const response = await postForm(t, "/api/oauth/token", {
    grant_type: DEVICE_CODE_GRANT,
    device_code: deviceCode,
    client_id: controller.clientId,
  });
  return { status: response.status, body: await response.json() };
}

describe("device authorization grant", () => {
  it("D1 authorization_pending, slow_down, approval on /activate, tokens once", async () => {
    const start = await startDevice();
    assert.match(start.user_code, /^[A-Z]{4}-[A-Z]{4}$/);
    assert.equal(start.verification_uri, `${t.deps.config.publicUrl}/activate`);
    assert.equal(start.interval, 5);
    assert.equal((await poll(start.device_code)).body.error, "authorization_pending");
    const tooFast = await poll(start.device_code);
    assert.equal(tooFast.body.error, "slow_down");
    t.clock.advance(10_001);
    assert.equal(
      (await poll(start.device_code)).body.error,
      "authorization_pending",
      "interval grew to 10 s",
    );

    const { browser, user } = await signedInUser(t);
    const form = await browser.get(`/activate?user_code=${start.user_code}`);
    assert.equal(form.status, 200);
    assert.match(await form.text(), new RegExp(start.user_code));
    const consent = await browser.post("/activate", {
      user_code: start.user_code.toLowerCase().replace("-", " "),
    });
    assert.equal(consent.status, 200);
    assert.match(await consent.text(), /devices/);
    const approved = await browser.post("/activate", { user_code: start.user_code, decision: "allow" });
    assert.match(await approved.text(), /Device connected/);

    t.clock.advance(10_001);
    const tokens = await poll(start.device_code);
    assert.equal(tokens.status, 200);
    assert.equal(tokens.body.scope, "profile offline_access devices:read");
    assert.equal(tokens.body.user.mixeraId, user.mixeraId);
    assert.ok(tokens.body.refresh_token);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
    t.clock.advance(10_001);
    assert.equal((await poll(start.device_code)).body.error, "invalid_grant", "a device code works once");
    const connected = await (await browser.get("/connected-apps")).text();
    assert.match(connected, new RegExp(controller.clientId));
  });

  it("D1 denial → access_denied", async () => {
    const start = await startDevice();
    const { browser } = await signedInUser(t);
    await browser.post("/activate", { user_code: start.user_code, decision: "deny" });
    assert.equal((await poll(start.device_code)).body.error, "access_denied");
  });

  it("D1 expired_token after the device code expires", async () => {
    const start = await startDevice();
    t.clock.advance(start.expires_in * 1000 + 1);
    assert.equal((await poll(start.device_code)).body.error, "expired_token");
    const { browser } = await signedInUser(t);
    const late = await browser.post("/activate", { user_code: start.user_code });
    assert.equal(late.status, 400);
  });

  it("D1 user_code entry is rate-limited", async () => {
    const { browser } = await signedInUser(t, { ip: "192.0.2.77" });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await browser.post("/activate", { user_code: "BCDF-GHJK" })).status);
    }
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(400));
    assert.equal(statuses[10], 429);
  });

  it("/activate requires sign-in; device endpoints need a known client and valid scope", async () => {
    const anonymous = await t.browser().get("/activate?user_code=BCDF-GHJK");
    assert.equal(anonymous.status, 303);
    assert.match(anonymous.headers.get("location") ?? "", /^\/signin\?next=/);
    assert.equal((await postForm(t, "/api/oauth/device_authorization", { scope: "profile" })).status, 401);
    const badScope = await postForm(t, "/api/oauth/device_authorization", {
      client_id: controller.clientId,
      scope: "everything",
    });
    assert.equal((await badScope.json()).error, "invalid_scope");
  });

  it("device_authorization is rate-limited per source", async () => {
    const start = (ip: string) =>
      postForm(t, "/api/oauth/device_authorization", { client_id: controller.clientId }, undefined, ip);
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const response = await start("203.0.113.90");
      statuses.push(response.status);
      await response.body?.cancel();
    }
    assert.deepEqual(statuses.slice(0, 20), Array(20).fill(200));
    const limited = await start("203.0.113.90");
    assert.equal(limited.status, 429);
    assert.equal((await limited.json()).error, "rate_limited");
    assert.ok(limited.headers.get("retry-after"));
    assert.equal((await start("203.0.113.91")).status, 200, "other sources are unaffected");
  });
});
