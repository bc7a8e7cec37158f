/**
 * Email verification is enforced where an address must be proven: developer
 * apps, signing in to third-party apps and /activate; apps learn `email_verified`.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { users } from "../../db/schema/users.ts";
import { oauthApps } from "../../db/schema/oauth.ts";
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
let client: { clientId: string; clientSecret: string };

before(async () => {
  t = await createTestApp();
  client = await registeredApp(t, (await signedInUser(t)).user);
});
after(() => t.close());

async function unverifiedUser() {
  const signedIn = await signedInUser(t);
  await t.deps.db.update(users).set({ emailVerifiedAt: null }).where(eq(users.id, signedIn.user.id));
  return signedIn;
}

async function assertVerifyPage(response: Response) {
  assert.equal(response.status, 403);
  assert.equal(response.headers.get("location"), null);
  const html = await response.text();
  assert.match(html, /Verify your email first/);
  assert.match(html, /href="\/verify-email"/);
}

describe("features that need a verified email", () => {
  it("developer apps: an unverified account can neither list nor create apps", async () => {
    const { browser, user } = await unverifiedUser();
    await assertVerifyPage(await browser.get("/developer"));
    await assertVerifyPage(
      await browser.post("/developer/apps", {
        name: "Sneaky App",
        websiteUrl: "https://sneaky.example",
        redirectUris: "https://sneaky.example/cb",
      }),
    );
    assert.deepEqual(await t.deps.db.select().from(oauthApps).where(eq(oauthApps.userId, user.id)), []);
  });

  it("OAuth sign-in to a third-party app shows the verify page and issues no code", async () => {
    const { browser } = await unverifiedUser();
    await assertVerifyPage(await browser.get(authorizeUrl(authorizeParams(client.clientId))));
    await assertVerifyPage(
      await browser.post("/api/oauth/authorize", { ...authorizeParams(client.clientId), decision: "allow" }),
    );
  });

  it("/activate shows the verify page", async () => {
    const { browser } = await unverifiedUser();
    await assertVerifyPage(await browser.get("/activate"));
    await assertVerifyPage(await browser.post("/activate", { user_code: "BCDF-GHJK", decision: "allow" }));
  });
});

describe("email_verified", () => {
  it("is in the token response's user and in userinfo, beside the email", async () => {
    const { browser } = await signedInUser(t);
    const tokens = await exchangeCode(t, client, await authorizationCode(browser, client.clientId));
    assert.equal(tokens.body.user?.email_verified, true);
    const info = await (await userinfo(t, tokens.body.access_token)).json();
    assert.equal(info.email_verified, true);
    const profileOnly = await exchangeCode(
      t,
      client,
      await authorizationCode(browser, client.clientId, { scope: "profile" }),
    );
    assert.equal(profileOnly.body.user?.email_verified, undefined, "no email scope, no email facts");
  });

  it("is documented on the developer docs page", async () => {
    assert.match(await (await t.browser().get("/developer/docs")).text(), /email_verified/);
  });
});
