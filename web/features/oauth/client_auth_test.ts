/** Client authentication lockout: failures never block an app's correct credentials. */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import type { User } from "../../db/schema/users.ts";
import { postForm, registeredApp, signedInUser } from "./testing/fixture.ts";

let t: TestApp;
let owner: User;

before(async () => {
  t = await createTestApp();
  owner = (await signedInUser(t)).user;
});
after(() => t.close());

const refreshForm = { grant_type: "refresh_token", refresh_token: "not-a-token" };

describe("client authentication lockout", () => {
  it("wrong secrets from many sources do not lock out the app's correct secret", async () => {
    const app = await registeredApp(t, owner);
    for (let i = 0; i < 30; i++) {
      const wrong = await postForm(t, "/api/oauth/token", refreshForm, {
        id: app.clientId,
        secret: "wrong",
      }, `203.0.113.${i % 3}`);
      await wrong.body?.cancel();
    }
    const right = await postForm(t, "/api/oauth/token", refreshForm, {
      id: app.clientId,
      secret: app.clientSecret,
    }, "198.51.100.50");
    assert.equal(right.status, 400);
    assert.equal((await right.json()).error, "invalid_grant", "authenticated, then the grant is checked");
  });

  it("a public client cannot be locked out by a bogus secret", async () => {
    const app = await registeredApp(t, owner, {
      clientType: "public",
      redirectUris: ["http://127.0.0.1/cb"],
    });
    const ip = "203.0.113.77";
    for (let i = 0; i < 20; i++) {
      const bogus = await postForm(
        t,
        "/api/oauth/token",
        {
          ...refreshForm,
          client_id: app.clientId,
          client_secret: "bogus",
        },
        undefined,
        ip,
      );
      assert.equal(bogus.status, 401);
      await bogus.body?.cancel();
    }
    const right = await postForm(
      t,
      "/api/oauth/token",
      { ...refreshForm, client_id: app.clientId },
      undefined,
      ip,
    );
    assert.equal((await right.json()).error, "invalid_grant");
    const device = await postForm(
      t,
      "/api/oauth/device_authorization",
      { client_id: app.clientId },
      undefined,
      ip,
    );
    assert.equal(device.status, 200);
  });
});
