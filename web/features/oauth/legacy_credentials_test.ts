/** Codes and tokens issued before lookup keys became time-ordered (stored under the bare SHA-256) keep working. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { oauthCodes, oauthTokens } from "../../db/schema/oauth.ts";
import { rememberConsent } from "./consents.ts";
import { generateCredential, hashCredential } from "./secrets.ts";
import {
  CHALLENGE,
  exchangeCode,
  postForm,
  REDIRECT_URI,
  registeredApp,
  signedInUser,
  userinfo,
} from "./testing/fixture.ts";

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

describe("credentials stored under the bare SHA-256", () => {
  it("a legacy code redeems once, and its replay revokes what it produced", async () => {
    const owner = (await signedInUser(t)).user;
    const client = await registeredApp(t, owner);
    const alice = (await signedInUser(t)).user;
    const now = t.clock.now();
    const code = generateCredential("authorizationCode");
    // A code is only ever issued after consent, which redemption checks is still given.
    await rememberConsent(t.deps.db, alice.id, client.clientId, ["profile", "email", "offline_access"], now);
    await t.deps.db.insert(oauthCodes).values({
      codeHash: hashCredential(code),
      userId: alice.id,
      clientId: client.clientId,
      redirectUri: REDIRECT_URI,
      scope: "profile email offline_access",
      codeChallenge: CHALLENGE,
      expiresAt: new Date(now.getTime() + 60_000),
      createdAt: now,
    });
    const first = await exchangeCode(t, client, code);
    assert.equal(first.status, 200);
    assert.equal((await userinfo(t, first.body.access_token)).status, 200);
    const replay = await exchangeCode(t, client, code);
    assert.equal(replay.body.error, "invalid_grant");
    assert.equal((await userinfo(t, first.body.access_token)).status, 401);
  });

  it("legacy access and refresh tokens validate, refresh and revoke", async () => {
    const owner = (await signedInUser(t)).user;
    const client = await registeredApp(t, owner);
    const alice = (await signedInUser(t)).user;
    const now = t.clock.now();
    const accessToken = generateCredential("accessToken");
    const refreshToken = generateCredential("refreshToken");
    const base = { familyId: "legacy-family", userId: alice.id, clientId: client.clientId, createdAt: now };
    await t.deps.db.insert(oauthTokens).values([
      {
        ...base,
        tokenHash: hashCredential(accessToken),
        kind: "access",
        scope: "profile email",
        expiresAt: new Date(now.getTime() + 3600_000),
      },
      {
        ...base,
        tokenHash: hashCredential(refreshToken),
        kind: "refresh",
        scope: "profile email offline_access",
        expiresAt: new Date(now.getTime() + 86400_000),
      },
    ]);
    const info = await userinfo(t, accessToken);
    assert.equal(info.status, 200);
    assert.equal((await info.json()).email, alice.email);

    const basic = { id: client.clientId, secret: client.clientSecret };
    const refreshed = await postForm(t, "/api/oauth/token", {
      grant_type: "refresh_token",
      refresh_token: refreshToken,
    }, basic);
    assert.equal(refreshed.status, 200);
    const fresh = await refreshed.json();
    assert.match(fresh.access_token, /^mxat_[0-9a-f]{12}[A-Za-z0-9_-]{43}$/);
    assert.equal((await userinfo(t, fresh.access_token)).status, 200);

    const revoked = await postForm(t, "/api/oauth/revoke", { token: accessToken }, basic);
    assert.equal(revoked.status, 200);
    assert.equal((await userinfo(t, accessToken)).status, 401);
  });
});
