/**
 * A real third-party client library, arctic's generic OAuth2Client, completes authorization code +
 * PKCE, refresh and revocation against the portal listening on a real (ephemeral) port.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  CodeChallengeMethod,
  generateCodeVerifier,
  generateState,
  OAuth2Client,
  OAuth2RequestError,
} from "arctic";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { type PortalServer, serveApp } from "../../server.ts";
import { consentAndRedirect, REDIRECT_URI, registeredApp, signedInUser } from "./testing/fixture.ts";

let t: TestApp;
let server: PortalServer;
let origin: string;

before(async () => {
  t = await createTestApp();
  const listening = Promise.withResolvers<void>();
  server = serveApp(t.app, { hostname: "127.0.0.1", port: 0, onListen: () => listening.resolve() });
  await listening.promise;
  origin = `http://127.0.0.1:${server.addr.port}`;
  t.deps.config.publicUrl = origin;
});
after(async () => {
  await server.shutdown();
  await t.close();
});

async function bearer(accessToken: string): Promise<Response> {
  return await fetch(`${origin}/api/oauth/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
}

describe("arctic OAuth2Client against the running portal", () => {
  it("completes code + PKCE, refreshes with rotation, and revokes", async () => {
    const metadata = await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json();
    const owner = (await signedInUser(t)).user;
    const registered = await registeredApp(t, owner);
    const client = new OAuth2Client(registered.clientId, registered.clientSecret, REDIRECT_URI);
    const { user, browser } = await signedInUser(t);

    const state = generateState();
    const verifier = generateCodeVerifier();
    const url = client.createAuthorizationURLWithPKCE(
      metadata.authorization_endpoint,
      state,
      CodeChallengeMethod.S256,
      verifier,
      ["profile", "email", "offline_access"],
    );
    assert.equal(url.origin, origin);
    const callback = await consentAndRedirect(browser, Object.fromEntries(url.searchParams));
    assert.equal(callback.searchParams.get("state"), state);
    assert.equal(callback.searchParams.get("iss"), metadata.issuer);

    const tokens = await client.validateAuthorizationCode(
      metadata.token_endpoint,
      callback.searchParams.get("code") ?? "",
      verifier,
    );
    assert.equal(tokens.tokenType().toLowerCase(), "bearer");
    assert.ok(tokens.accessTokenExpiresAt().getTime() > Date.now());
    assert.deepEqual(tokens.scopes(), ["profile", "email", "offline_access"]);
    assert.equal((tokens.data as { user: { mixeraId: string } }).user.mixeraId, user.mixeraId);
    const me = await (await bearer(tokens.accessToken())).json();
    assert.equal(me.sub, user.mixeraId);
    assert.equal(me.email, user.email);

    const refreshed = await client.refreshAccessToken(metadata.token_endpoint, tokens.refreshToken(), []);
    assert.notEqual(refreshed.refreshToken(), tokens.refreshToken());
    assert.equal((await bearer(refreshed.accessToken())).status, 200);

    await client.revokeToken(metadata.revocation_endpoint, refreshed.refreshToken());
    assert.equal((await bearer(refreshed.accessToken())).status, 401);
    await assert.rejects(
      client.refreshAccessToken(metadata.token_endpoint, refreshed.refreshToken(), []),
      (error: unknown) => error instanceof OAuth2RequestError && error.code === "invalid_grant",
    );
  });

  it("works as a public client (no secret, PKCE only) and reports errors arctic understands", async () => {
    const owner = (await signedInUser(t)).user;
    const registered = await registeredApp(t, owner, { clientType: "public" });
    const client = new OAuth2Client(registered.clientId, null, REDIRECT_URI);
    const { browser } = await signedInUser(t);
    const verifier = generateCodeVerifier();
    const url = client.createAuthorizationURLWithPKCE(
      `${origin}/api/oauth/authorize`,
      generateState(),
      CodeChallengeMethod.S256,
      verifier,
      ["profile"],
    );
    const code =
      (await consentAndRedirect(browser, Object.fromEntries(url.searchParams))).searchParams.get("code") ??
        "";
    await assert.rejects(
      client.validateAuthorizationCode(`${origin}/api/oauth/token`, code, generateCodeVerifier()),
      (error: unknown) => error instanceof OAuth2RequestError && error.code === "invalid_grant",
    );
    const second = (await consentAndRedirect(browser, Object.fromEntries(url.searchParams))).searchParams.get(
      "code",
    );
    const tokens = await client.validateAuthorizationCode(
      `${origin}/api/oauth/token`,
      second ?? "",
      verifier,
    );
    assert.equal((await bearer(tokens.accessToken())).status, 200);
    assert.equal(tokens.hasRefreshToken(), false, "no offline_access, no refresh token");
  });
});
