import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { findApp, reviewApp } from "../oauth/mod.ts";

let t: TestApp;
before(async () => (t = await createTestApp()));
after(() => t.close());

const validForm = {
  name: "Beat Journal",
  description: "Keeps a diary of your sets",
  websiteUrl: "https://beatjournal.example",
  redirectUris: "https://beatjournal.example/callback\nhttp://127.0.0.1/cb",
  logoUrl: "",
  clientType: "confidential",
};

async function createApp(browser: Awaited<ReturnType<typeof signedInUser>>["browser"], form = validForm) {
  const response = await browser.post("/developer/apps", form);
  const html = await response.text();
  const clientId = html.match(/data-testid="client-id">([^<]+)</)?.[1] ?? "";
  const clientSecret = html.match(/data-testid="client-secret">([^<]+)</)?.[1] ?? "";
  return { response, html, clientId, clientSecret };
}

describe("Developer: Your Apps", () => {
  it("requires sign-in", async () => {
    const response = await t.browser().get("/developer");
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location") ?? "", /^\/signin\?next=%2Fdeveloper/);
  });

  it("shows the guidelines and the create form", async () => {
    const { browser } = await signedInUser(t);
    const html = await (await browser.get("/developer")).text();
    assert.match(html, /App Guidelines/);
    assert.match(html, /Create OAuth Application/);
  });

  it("creates an app pending review and shows the secret once, stored only as a hash", async () => {
    const { browser } = await signedInUser(t);
    const { response, html, clientId, clientSecret } = await createApp(browser);
    assert.equal(response.status, 201);
    assert.equal(response.headers.get("cache-control"), "no-store");
    assert.match(
      html,
      /Save these credentials now - the secret won&#39;t be shown again!|Save these credentials now/,
    );
    assert.match(clientSecret, /^mxcs_/);
    const app = await findApp(t.deps.db, clientId);
    assert.equal(app?.status, "pending");
    assert.notEqual(app?.secretHash, clientSecret);
    const list = await (await browser.get("/developer")).text();
    assert.match(list, /Beat Journal/);
    assert.ok(!list.includes(clientSecret), "the secret is never shown again");
    assert.ok(!(await (await browser.get(`/developer/apps/${clientId}`)).text()).includes(clientSecret));
  });

  it("validates the guidelines: https redirect URIs, valid website, no MIXERA impersonation", async () => {
    const { browser } = await signedInUser(t);
    for (
      const [field, value, message] of [
        ["redirectUris", "http://beatjournal.example/cb", /must use https/],
        ["redirectUris", "", /at least one redirect URI/],
        ["websiteUrl", "not a url", /valid http\(s\) URL/],
        ["name", "Official M1XERA Login", /impersonate/],
      ]
    ) {
      const response = await browser.post("/developer/apps", {
        ...validForm,
        [field as string]: value as string,
      });
      assert.equal(response.status, 422, String(field));
      assert.match(await response.text(), message as RegExp);
    }
  });

  it("warns about localhost redirect URIs", async () => {
    const { browser } = await signedInUser(t);
    const { response, html } = await createApp(browser, {
      ...validForm,
      redirectUris: "http://localhost:3000/cb",
    });
    assert.equal(response.status, 201);
    assert.match(html, /prefer http:\/\/127\.0\.0\.1/);
  });

  it("edits, regenerates the secret with an overlap, and deletes", async () => {
    const { browser } = await signedInUser(t);
    const { clientId } = await createApp(browser);
    const edited = await browser.post(`/developer/apps/${clientId}`, {
      ...validForm,
      name: "Beat Journal 2",
    });
    assert.equal(edited.status, 303);
    assert.equal((await findApp(t.deps.db, clientId))?.name, "Beat Journal 2");
    const regenerated = await browser.post(`/developer/apps/${clientId}/secret`);
    assert.equal(regenerated.status, 200);
    const app = await findApp(t.deps.db, clientId);
    assert.ok(app?.previousSecretHash && app.previousSecretExpiresAt);
    const deleted = await browser.post(`/developer/apps/${clientId}/delete`);
    assert.equal(deleted.status, 303);
    assert.equal(await findApp(t.deps.db, clientId), undefined);
  });

  it("developer A cannot see, edit, regenerate or delete developer B's app", async () => {
    const a = await signedInUser(t);
    const b = await signedInUser(t);
    const { clientId } = await createApp(b.browser);
    assert.equal((await a.browser.get(`/developer/apps/${clientId}`)).status, 404);
    assert.equal(
      (await a.browser.post(`/developer/apps/${clientId}`, { ...validForm, name: "Hijacked" })).status,
      404,
    );
    assert.equal((await a.browser.post(`/developer/apps/${clientId}/secret`)).status, 404);
    assert.equal((await a.browser.post(`/developer/apps/${clientId}/delete`)).status, 404);
    assert.ok(!(await (await a.browser.get("/developer")).text()).includes(clientId));
    assert.equal((await findApp(t.deps.db, clientId))?.name, "Beat Journal");
  });
});

describe("admin review queue", () => {
  it("is for admins only", async () => {
    const { browser } = await signedInUser(t);
    assert.equal((await browser.get("/admin/apps")).status, 403);
    assert.equal((await browser.post("/admin/apps/x/review", { decision: "approve" })).status, 403);
  });

  it("approves, denies with a reason the developer sees, and revokes", async () => {
    const developer = await signedInUser(t);
    const admin = await signedInUser(t, { role: "admin" });
    const { clientId } = await createApp(developer.browser);
    assert.match(await (await admin.browser.get("/admin/apps")).text(), new RegExp(clientId));
    const noReason = await admin.browser.post(`/admin/apps/${clientId}/review`, {
      decision: "deny",
      reason: "",
    });
    assert.equal(noReason.status, 422);
    await admin.browser.post(`/admin/apps/${clientId}/review`, {
      decision: "deny",
      reason: "Name is unclear",
    });
    assert.equal((await findApp(t.deps.db, clientId))?.status, "denied");
    assert.match(await (await developer.browser.get("/developer")).text(), /Name is unclear/);
    await admin.browser.post(`/admin/apps/${clientId}/review`, { decision: "approve" });
    assert.equal((await findApp(t.deps.db, clientId))?.status, "approved");
    await admin.browser.post(`/admin/apps/${clientId}/review`, { decision: "revoke", reason: "Spam" });
    assert.equal((await findApp(t.deps.db, clientId))?.status, "revoked");
  });
});

describe("documentation and test page", () => {
  it("documents the real endpoints, PKCE and the device grant", async () => {
    const html = await (await t.browser().get("/developer/docs")).text();
    for (
      const text of [
        "/api/oauth/authorize",
        "/api/oauth/token",
        "code_challenge",
        "device_authorization",
        "Flask",
        "Express",
        "invalid_redirect_uri",
        "Login with Mixera ID",
      ]
    ) {
      assert.ok(html.includes(text), text);
    }
    assert.ok(html.includes(t.deps.config.publicUrl));
  });

  it("serves the callback template as a download and the test page script", async () => {
    const template = await t.browser().get("/developer/callback-template.html");
    assert.match(template.headers.get("content-disposition") ?? "", /attachment/);
    assert.match(await template.text(), /MIXERA/);
    const page = await (await t.browser().get("/developer/test")).text();
    const script = page.match(/src="(\/developer\/assets\/test-page\.[0-9a-f]+\.js)"/)?.[1];
    assert.ok(script);
    const js = await t.browser().get(script);
    assert.match(js.headers.get("content-type") ?? "", /javascript/);
    assert.match(await js.text(), /code_challenge_method/);
  });
});

describe("editing an approved app", () => {
  async function approvedApp() {
    const { browser } = await signedInUser(t);
    const { clientId } = await createApp(browser);
    await reviewApp(t.deps.db, clientId, "approve", "", t.clock.now());
    return { browser, clientId };
  }

  it("renaming it or changing its redirect URIs or website sends it back to review", async () => {
    for (
      const change of [
        { name: "Alice's Bank Login" },
        { redirectUris: "https://attacker.example/steal" },
        { websiteUrl: "https://bank.example" },
      ]
    ) {
      const { browser, clientId } = await approvedApp();
      const response = await browser.post(`/developer/apps/${clientId}`, { ...validForm, ...change });
      assert.equal(response.status, 303);
      assert.match(response.headers.get("location") ?? "", /notice=review/);
      assert.equal((await findApp(t.deps.db, clientId))?.status, "pending", JSON.stringify(change));
      const page = await (await browser.get(response.headers.get("location") ?? "")).text();
      assert.match(page, /back in review/);
    }
  });

  it("a description-only edit keeps the approval", async () => {
    const { browser, clientId } = await approvedApp();
    await browser.post(`/developer/apps/${clientId}`, { ...validForm, description: "Now with charts" });
    assert.equal((await findApp(t.deps.db, clientId))?.status, "approved");
  });

  it("refuses look-alike MIXERA names", async () => {
    const { browser, clientId } = await approvedApp();
    for (const name of ["ＭＩＸＥＲＡ Login", "M\u0406XERA", "MIX\u0395RA"]) {
      const response = await browser.post(`/developer/apps/${clientId}`, { ...validForm, name });
      assert.equal(response.status, 422, name);
      assert.match(await response.text(), /impersonate/);
    }
    assert.equal((await findApp(t.deps.db, clientId))?.name, "Beat Journal");
  });
});
