/** C1 (Connected Applications revoke) and C2 (password reset ends every session and OAuth token) against the real app. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import {
  authorizationCode,
  authorizeParams,
  authorizeUrl,
  exchangeCode,
  registeredApp,
  signedInUser,
  userinfo,
} from "./testing/fixture.ts";

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

describe("account controls", () => {
  it("C1 Connected Applications Revoke kills the tokens at once and forgets the consent", async () => {
    const owner = (await signedInUser(t)).user;
    const client = await registeredApp(t, owner);
    const alice = await signedInUser(t);
    const tokens = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
    const page = await (await alice.browser.get("/connected-apps")).text();
    assert.match(page, new RegExp(client.clientId));
    assert.match(page, /Your email address/);
    assert.match(page, /Last used \d{4}-/, "issuing a token marks the connection used");

    const revoke = await alice.browser.post(`/connected-apps/${client.clientId}/revoke`);
    assert.equal(revoke.status, 303);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 401);
    const refresh = await t.app.request("/api/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: tokens.body.refresh_token,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
    });
    assert.equal((await refresh.json()).error, "invalid_grant");
    assert.doesNotMatch(
      await (await alice.browser.get("/connected-apps")).text(),
      new RegExp(client.clientId),
    );
    const again = await alice.browser.get(authorizeUrl(authorizeParams(client.clientId)));
    assert.equal(again.status, 200, "the consent screen shows again");
    assert.match(await again.text(), /Allow/);
  });

  it("user A can neither see nor revoke user B's connected apps", async () => {
    const owner = (await signedInUser(t)).user;
    const client = await registeredApp(t, owner);
    const a = await signedInUser(t);
    const b = await signedInUser(t);
    const tokens = await exchangeCode(t, client, await authorizationCode(b.browser, client.clientId));
    assert.doesNotMatch(await (await a.browser.get("/connected-apps")).text(), new RegExp(client.clientId));
    const attempt = await a.browser.post(`/connected-apps/${client.clientId}/revoke`);
    assert.equal(attempt.status, 404);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200, "B's token still works");
    assert.match(await (await b.browser.get("/connected-apps")).text(), new RegExp(client.clientId));
  });

  it("C2 password reset signs every session out and revokes the user's OAuth tokens", async () => {
    const browser = t.browser("192.0.2.50");
    const email = "reset-me@example.com";
    const code = await browser.signUp(t, { email });
    // Only verified accounts sign in to apps.
    assert.equal((await browser.post("/verify-email", { code })).status, 303);
    const other = t.browser("192.0.2.51");
    assert.equal((await other.signIn(email)).status, 303);
    assert.equal((await other.get("/connected-apps")).status, 200);
    const client = await registeredApp(t, (await signedInUser(t)).user);
    const tokens = await exchangeCode(t, client, await authorizationCode(other, client.clientId));
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
    await t.browser("192.0.2.52").post("/reset-password", { email });
    const mail = await t.lastMailTo(email);
    const path = mail?.text.match(/\/reset-password\/([a-z2-7]{32})/)?.[0];
    assert.ok(path, "reset link mailed");
    const reset = await t.browser("192.0.2.52").post(path, { password: "a brand new password" });
    assert.equal(reset.status, 303);
    for (const signedIn of [browser, other]) {
      const response = await signedIn.get("/connected-apps");
      assert.equal(response.status, 303);
      assert.match(response.headers.get("location") ?? "", /^\/signin/);
    }
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 401, "the access token is refused");
  });
});
