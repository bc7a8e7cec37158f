/**
 * Revocation reaches what is in flight: unredeemed codes, unpolled device
 * approvals, and tokens of accounts that are disabled and re-enabled or whose password changed.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import type { User } from "../../db/schema/users.ts";
import { users } from "../../db/schema/users.ts";
import { oauthConsents } from "../../db/schema/oauth.ts";
import { hashPassword } from "../../auth/password.ts";
import { disableAccount, enableAccount } from "../admin/mod.ts";
import { requestPasswordReset, resetPassword } from "../auth/mod.ts";
import { reviewApp } from "./apps.ts";
import { DEVICE_CODE_GRANT } from "./device.ts";
import {
  authorizationCode,
  authorizeParams,
  authorizeUrl,
  exchangeCode,
  postForm,
  registeredApp,
  signedInUser,
  userinfo,
} from "./testing/fixture.ts";

let t: TestApp;
let owner: User;
let client: { clientId: string; clientSecret: string };

before(async () => {
  t = await createTestApp();
  owner = (await signedInUser(t)).user;
  client = await registeredApp(t, owner);
});
after(() => t.close());

async function approvedDeviceCode(
  browser: Awaited<ReturnType<typeof signedInUser>>["browser"],
  clientId: string,
) {
  const start = await (await postForm(t, "/api/oauth/device_authorization", {
    client_id: clientId,
    scope: "profile offline_access",
  })).json();
  const approval = await browser.post("/activate", { user_code: start.user_code, decision: "allow" });
  assert.equal(approval.status, 200);
  return start.device_code as string;
}

async function pollDevice(clientId: string, deviceCode: string) {
  const response = await postForm(t, "/api/oauth/token", {
    grant_type: DEVICE_CODE_GRANT,
    device_code: deviceCode,
    client_id: clientId,
  });
  return { status: response.status, body: await response.json() };
}

describe("revocation of what is in flight", () => {
  it("Connected Apps revoke voids a code issued before it", async () => {
    const { browser } = await signedInUser(t);
    const code = await authorizationCode(browser, client.clientId);
    const revoke = await browser.post(`/connected-apps/${client.clientId}/revoke`, {});
    assert.equal(revoke.status, 303);
    const exchange = await exchangeCode(t, client, code);
    assert.equal(exchange.status, 400);
    assert.equal(exchange.body.error, "invalid_grant");
  });

  it("redemption re-checks that the consent still stands", async () => {
    const { browser, user } = await signedInUser(t);
    const code = await authorizationCode(browser, client.clientId);
    await t.deps.db.delete(oauthConsents).where(eq(oauthConsents.userId, user.id));
    const exchange = await exchangeCode(t, client, code);
    assert.equal(exchange.body.error, "invalid_grant");
    assert.match(exchange.body.error_description ?? "", /consent/);
  });

  it("Connected Apps revoke voids an approved but unpolled device request", async () => {
    const device = await registeredApp(t, owner, { clientType: "public" });
    const { browser } = await signedInUser(t);
    const deviceCode = await approvedDeviceCode(browser, device.clientId);
    await browser.post(`/connected-apps/${device.clientId}/revoke`, {});
    const poll = await pollDevice(device.clientId, deviceCode);
    assert.equal(poll.status, 400);
    assert.equal(poll.body.error, "access_denied");
  });

  it("a password reset voids outstanding codes and unpolled device approvals", async () => {
    const device = await registeredApp(t, owner, { clientType: "public" });
    const { browser, user } = await signedInUser(t);
    const code = await authorizationCode(browser, client.clientId);
    const deviceCode = await approvedDeviceCode(browser, device.clientId);
    await requestPasswordReset(t.deps, user.email);
    const token = (await t.lastMailTo(user.email))?.text.match(/reset-password\/([a-z2-7]+)/)?.[1];
    assert.ok(token, "a reset link was mailed");
    assert.ok(await resetPassword(t.deps, token, "a brand new password 42"));
    assert.equal((await exchangeCode(t, client, code)).body.error, "invalid_grant");
    const poll = await pollDevice(device.clientId, deviceCode);
    assert.equal(poll.status, 400);
    assert.ok(!("refresh_token" in poll.body));
  });

  it("a password change on /security revokes OAuth tokens", async () => {
    const { browser, user } = await signedInUser(t);
    const password = "the current password 1";
    await t.deps.db.update(users).set({ passwordHash: await hashPassword(password) }).where(
      eq(users.id, user.id),
    );
    const tokens = await exchangeCode(t, client, await authorizationCode(browser, client.clientId));
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
    const change = await browser.post("/security/password", {
      currentPassword: password,
      newPassword: "the next password 2",
    });
    assert.equal(change.status, 303);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 401);
  });

  it("disabling an account revokes its tokens for good: re-enabling revives none", async () => {
    const { browser, user } = await signedInUser(t);
    const tokens = await exchangeCode(t, client, await authorizationCode(browser, client.clientId));
    const pending = await authorizationCode(browser, client.clientId);
    await disableAccount(t.deps.db, user.id, t.clock.now());
    await enableAccount(t.deps.db, user.id);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 401);
    const refresh = await postForm(t, "/api/oauth/token", {
      grant_type: "refresh_token",
      refresh_token: tokens.body.refresh_token,
    }, { id: client.clientId, secret: client.clientSecret });
    assert.equal((await refresh.json()).error, "invalid_grant");
    assert.equal((await exchangeCode(t, client, pending)).body.error, "invalid_grant");
  });

  it("an admin revoking an app clears its consents, so re-approval asks each user again", async () => {
    const app = await registeredApp(t, owner);
    const { browser } = await signedInUser(t);
    await authorizationCode(browser, app.clientId);
    const remembered = await browser.get(authorizeUrl(authorizeParams(app.clientId)));
    assert.equal(remembered.status, 302, "consent is remembered before the revocation");
    assert.deepEqual(await reviewApp(t.deps.db, app.clientId, "revoke", "abuse", t.clock.now()), {
      ok: true,
    });
    await reviewApp(t.deps.db, app.clientId, "approve", "", t.clock.now());
    const again = await browser.get(authorizeUrl(authorizeParams(app.clientId)));
    assert.equal(again.status, 200);
    assert.match(await again.text(), /decision/);
  });
});
