/**
 * The OAuth provider's conformance checklist, each item one test against the real portal app on a
 * temporary libSQL file. Items are numbered by endpoint: A authorize, T token, R refresh tokens,
 * V revocation, U userinfo, M metadata; the C (account) and D (device flow) items are in
 * account_test.ts and device_test.ts.
 */
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import type { User } from "../../db/schema/users.ts";
import type { TestBrowser } from "../../testing/test_app.ts";
import {
  authorizationCode,
  authorizeParams,
  authorizeUrl,
  CHALLENGE,
  consentAndRedirect,
  exchangeCode,
  postForm,
  REDIRECT_URI,
  registeredApp,
  signedInUser,
  userinfo,
  VERIFIER,
} from "./testing/fixture.ts";
import { checkRegistrableRedirectUri } from "./redirect_uri.ts";

let t: TestApp;
let owner: User;
let alice: { user: User; browser: TestBrowser };
let client: { clientId: string; clientSecret: string };

before(async () => {
  t = await createTestApp();
  owner = (await signedInUser(t)).user;
  alice = await signedInUser(t);
  client = await registeredApp(t, owner);
});
after(() => t.close());

function assertErrorPage(response: Response, status = 400) {
  assert.equal(response.status, status);
  assert.equal(response.headers.get("location"), null);
  assert.match(response.headers.get("content-type") ?? "", /text\/html/);
}

function redirectOf(response: Response): URL {
  assert.ok([302, 303].includes(response.status), `expected a redirect, got ${response.status}`);
  return new URL(response.headers.get("location") ?? "", "http://portal.invalid");
}

describe("authorize endpoint", () => {
  it("A1 unknown client_id → 400 HTML error page, no Location", async () => {
    assertErrorPage(await alice.browser.get(authorizeUrl(authorizeParams("mxc_doesnotexist"))));
    assertErrorPage(
      await alice.browser.get(authorizeUrl(authorizeParams(client.clientId, { client_id: undefined }))),
    );
  });

  it("A2 redirect_uri differing by trailing /, case, path, query or fragment → error page", async () => {
    for (
      const redirect_uri of [
        REDIRECT_URI + "/",
        REDIRECT_URI.toUpperCase(),
        "https://client.example/Callback",
        REDIRECT_URI + "/more",
        REDIRECT_URI + "?x=1",
        REDIRECT_URI + "#frag",
        undefined,
      ]
    ) {
      const response = await alice.browser.get(
        authorizeUrl(authorizeParams(client.clientId, { redirect_uri })),
      );
      assertErrorPage(response);
      assert.match(await response.text(), /invalid_redirect_uri/);
    }
  });

  it("A3 loopback port is ignored for native apps; http elsewhere cannot be registered; localhost warns", async () => {
    const loopback = await registeredApp(t, owner, {
      clientType: "public",
      redirectUris: ["http://127.0.0.1/cb"],
    });
    const location = await consentAndRedirect(
      alice.browser,
      authorizeParams(loopback.clientId, { redirect_uri: "http://127.0.0.1:53177/cb" }),
    );
    assert.equal(location.origin, "http://127.0.0.1:53177");
    assert.ok(location.searchParams.get("code"));
    assert.equal(checkRegistrableRedirectUri("http://client.example/cb").ok, false);
    const localhost = checkRegistrableRedirectUri("http://localhost:3000/cb");
    assert.ok(localhost.ok && localhost.warning);
  });

  it("A3 loopback port out of range or on a confidential client → error page, never a 500", async () => {
    const native = await registeredApp(t, owner, {
      clientType: "public",
      redirectUris: ["http://127.0.0.1/cb"],
    });
    const confidential = await registeredApp(t, owner, { redirectUris: ["http://127.0.0.1/cb"] });
    for (
      const [clientId, redirect_uri] of [
        [native.clientId, "http://127.0.0.1:99999/cb"],
        [native.clientId, "http://127.0.0.1:0/cb"],
        [native.clientId, "http://localhost:8000/cb"],
        [confidential.clientId, "http://127.0.0.1:8000/cb"],
      ]
    ) {
      assertErrorPage(await alice.browser.get(authorizeUrl(authorizeParams(clientId, { redirect_uri }))));
    }
  });

  it("A4 app pending review → error page app_not_approved, no redirect", async () => {
    const pending = await registeredApp(t, owner, { approved: false });
    const response = await alice.browser.get(authorizeUrl(authorizeParams(pending.clientId)));
    assertErrorPage(response, 403);
    assert.match(await response.text(), /app_not_approved/);
  });

  it("A5 response_type=token → redirect unsupported_response_type with state and iss", async () => {
    const location = redirectOf(
      await alice.browser.get(authorizeUrl(authorizeParams(client.clientId, { response_type: "token" }))),
    );
    assert.equal(location.origin + location.pathname, REDIRECT_URI);
    assert.equal(location.searchParams.get("error"), "unsupported_response_type");
    assert.equal(location.searchParams.get("state"), "xyz-state");
    assert.equal(location.searchParams.get("iss"), t.deps.config.publicUrl);
  });

  it("A6 missing code_challenge (public client), method missing or plain → invalid_request", async () => {
    const publicClient = await registeredApp(t, owner, { clientType: "public" });
    const cases = [
      authorizeParams(publicClient.clientId, { code_challenge: undefined, code_challenge_method: undefined }),
      authorizeParams(client.clientId, { code_challenge_method: undefined }),
      authorizeParams(client.clientId, { code_challenge_method: "plain" }),
      authorizeParams(client.clientId, { code_challenge: undefined }),
    ];
    for (const params of cases) {
      const location = redirectOf(await alice.browser.get(authorizeUrl(params)));
      assert.equal(location.searchParams.get("error"), "invalid_request", JSON.stringify(params));
      assert.equal(location.searchParams.get("state"), "xyz-state");
    }
  });

  it("A7 no session → sign-in page first, never the client", async () => {
    const response = await t.browser().get(
      authorizeUrl(authorizeParams(client.clientId, { response_type: "token" })),
    );
    const location = redirectOf(response);
    assert.equal(location.pathname, "/signin");
    const next = location.searchParams.get("next") ?? "";
    assert.ok(next.startsWith("/api/oauth/authorize?"));
    assert.ok(next.includes(client.clientId));
  });

  it("A8 deny → access_denied with the same state and iss", async () => {
    const bob = await signedInUser(t);
    const location = await consentAndRedirect(bob.browser, authorizeParams(client.clientId), "deny");
    assert.equal(location.origin + location.pathname, REDIRECT_URI);
    assert.equal(location.searchParams.get("error"), "access_denied");
    assert.equal(location.searchParams.get("state"), "xyz-state");
    assert.equal(location.searchParams.get("iss"), t.deps.config.publicUrl);
    assert.equal(location.searchParams.get("code"), null);
  });

  it("A9 success → code, byte-identical state, iss = metadata issuer", async () => {
    const state = "ünïcødé &=+/ state %20 ~!*()'";
    const location = await consentAndRedirect(alice.browser, authorizeParams(client.clientId, { state }));
    assert.ok(location.searchParams.get("code"));
    assert.equal(location.searchParams.get("state"), state);
    const metadata = await (await t.app.request("/.well-known/oauth-authorization-server")).json();
    assert.equal(location.searchParams.get("iss"), metadata.issuer);
  });

  it("A10 authorize and consent pages forbid framing and referrers", async () => {
    const bob = await signedInUser(t);
    const consent = await bob.browser.get(authorizeUrl(authorizeParams(client.clientId)));
    assert.equal(consent.status, 200);
    assert.match(await consent.text(), /Allow/);
    for (const response of [consent, await bob.browser.get(authorizeUrl(authorizeParams("mxc_unknown")))]) {
      assert.match(response.headers.get("content-security-policy") ?? "", /frame-ancestors 'none'/);
      assert.equal(response.headers.get("x-frame-options"), "DENY");
      assert.equal(response.headers.get("referrer-policy"), "no-referrer");
    }
  });

  it("A11 consent POST answers 303; cross-site → 403", async () => {
    const bob = await signedInUser(t);
    const form = { ...authorizeParams(client.clientId), decision: "allow" } as Record<string, string>;
    const crossSite = await bob.browser.post("/api/oauth/authorize", form, {
      "sec-fetch-site": "cross-site",
    });
    assert.equal(crossSite.status, 403);
    const sameSite = await bob.browser.post("/api/oauth/authorize", form);
    assert.equal(sameSite.status, 303);
    assert.ok(redirectOf(sameSite).searchParams.get("code"));
  });

  it("asks for consent only once per scope set, and again when scopes grow", async () => {
    const carol = await signedInUser(t);
    await consentAndRedirect(carol.browser, authorizeParams(client.clientId, { scope: "profile" }));
    const again = await carol.browser.get(
      authorizeUrl(authorizeParams(client.clientId, { scope: "profile" })),
    );
    assert.equal(again.status, 302, "remembered consent skips the screen");
    const grown = await carol.browser.get(
      authorizeUrl(authorizeParams(client.clientId, { scope: "profile email" })),
    );
    assert.equal(grown.status, 200, "new scopes ask again");
  });
});

describe("token endpoint", () => {
  it("T1 form + HTTP Basic → 200", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    const response = await postForm(t, "/api/oauth/token", {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
    }, { id: client.clientId, secret: client.clientSecret });
    assert.equal(response.status, 200);
  });

  it("T2 form + body client_id/client_secret → 200", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    assert.equal((await exchangeCode(t, client, code)).status, 200);
  });

  it("T3 the original API's JSON body → 200 with its user object", async () => {
    const code = await authorizationCode(alice.browser, client.clientId, {
      code_challenge: undefined,
      code_challenge_method: undefined,
      scope: undefined,
    });
    const response = await t.app.request("/api/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        code,
        redirect_uri: REDIRECT_URI,
        grant_type: "authorization_code",
      }),
    });
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.deepEqual(Object.keys(body.user).sort(), [
      "email",
      "email_verified",
      "mixeraId",
      "name",
      "profilePicture",
    ]);
    assert.equal(body.user.email, alice.user.email);
    assert.equal(body.user.mixeraId, alice.user.mixeraId);
    assert.equal(body.refresh_token, undefined, "no offline_access, no refresh token");
  });

  it("T4 success has JSON, no-store, Bearer, string access_token, numeric expires_in", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    const response = await postForm(t, "/api/oauth/token", {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: VERIFIER,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    assert.match(response.headers.get("content-type") ?? "", /^application\/json/);
    assert.equal(response.headers.get("cache-control"), "no-store");
    const body = await response.json();
    assert.equal(body.token_type.toLowerCase(), "bearer");
    assert.equal(typeof body.access_token, "string");
    assert.equal(typeof body.expires_in, "number");
    assert.equal(typeof body.refresh_token, "string");
    assert.equal(body.scope, "profile email offline_access");
  });

  it("T5 second use of a code → invalid_grant and the first exchange's tokens die", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    const first = await exchangeCode(t, client, code);
    assert.equal(first.status, 200);
    assert.equal((await userinfo(t, first.body.access_token)).status, 200);
    const replay = await exchangeCode(t, client, code);
    assert.equal(replay.status, 400);
    assert.equal(replay.body.error, "invalid_grant");
    const afterReplay = await userinfo(t, first.body.access_token);
    assert.equal(afterReplay.status, 401);
    assert.match(afterReplay.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    const refresh = await postForm(t, "/api/oauth/token", {
      grant_type: "refresh_token",
      refresh_token: first.body.refresh_token,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    });
    assert.equal((await refresh.json()).error, "invalid_grant");
  });

  it("T6 two parallel redemptions of one code → exactly one 200", async () => {
    for (let round = 0; round < 3; round++) {
      const code = await authorizationCode(alice.browser, client.clientId);
      const results = await Promise.all([exchangeCode(t, client, code), exchangeCode(t, client, code)]);
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 400]);
    }
  });

  it("T7 code older than 60 s → invalid_grant", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    t.clock.advance(61_000);
    const result = await exchangeCode(t, client, code);
    assert.equal(result.body.error, "invalid_grant");
  });

  it("T8 code redeemed by another client → invalid_grant", async () => {
    const other = await registeredApp(t, owner);
    const code = await authorizationCode(alice.browser, client.clientId);
    assert.equal((await exchangeCode(t, other, code)).body.error, "invalid_grant");
  });

  it("T9 redirect_uri differing from the authorize value → invalid_grant", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    const result = await exchangeCode(t, client, code, { redirect_uri: "https://client.example/other" });
    assert.equal(result.body.error, "invalid_grant");
  });

  it("T10 PKCE: wrong or missing verifier → invalid_grant; verifier without challenge → invalid_request", async () => {
    const wrong = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId), {
      code_verifier: VERIFIER.replace("a", "b"),
    });
    assert.equal(wrong.body.error, "invalid_grant");
    const missing = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId), {
      code_verifier: "",
    });
    assert.equal(missing.body.error, "invalid_grant");
    const noChallengeCode = await authorizationCode(alice.browser, client.clientId, {
      code_challenge: undefined,
      code_challenge_method: undefined,
    });
    const downgrade = await exchangeCode(t, client, noChallengeCode);
    assert.equal(downgrade.body.error, "invalid_request");
    assert.equal(CHALLENGE.length, 43);
  });

  it("T11 bad secret → 401 invalid_client, with WWW-Authenticate: Basic when Basic was used", async () => {
    const form = { grant_type: "authorization_code", code: "x", redirect_uri: REDIRECT_URI };
    const basic = await postForm(
      t,
      "/api/oauth/token",
      form,
      { id: client.clientId, secret: "wrong" },
      "203.0.113.11",
    );
    assert.equal(basic.status, 401);
    assert.match(basic.headers.get("www-authenticate") ?? "", /^Basic /);
    assert.equal((await basic.json()).error, "invalid_client");
    const post = await postForm(
      t,
      "/api/oauth/token",
      {
        ...form,
        client_id: client.clientId,
        client_secret: "wrong",
      },
      undefined,
      "203.0.113.11",
    );
    assert.equal(post.status, 401);
    assert.equal(post.headers.get("www-authenticate"), null);
  });

  it("T12 Basic and a body secret together → invalid_request", async () => {
    const response = await postForm(t, "/api/oauth/token", {
      grant_type: "authorization_code",
      code: "x",
      client_secret: client.clientSecret,
    }, { id: client.clientId, secret: client.clientSecret });
    assert.equal(response.status, 400);
    assert.equal((await response.json()).error, "invalid_request");
  });

  it("T13 unknown grant_type → unsupported_grant_type; missing or repeated parameter → invalid_request", async () => {
    const creds = { client_id: client.clientId, client_secret: client.clientSecret };
    const password = await postForm(t, "/api/oauth/token", { grant_type: "password", ...creds });
    assert.equal((await password.json()).error, "unsupported_grant_type");
    const missing = await postForm(t, "/api/oauth/token", { ...creds });
    assert.equal((await missing.json()).error, "invalid_request");
    const missingCode = await postForm(t, "/api/oauth/token", { grant_type: "authorization_code", ...creds });
    assert.equal((await missingCode.json()).error, "invalid_request");
    const repeated = await t.app.request("/api/oauth/token", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: `grant_type=authorization_code&code=a&code=b&client_id=${client.clientId}`,
    });
    assert.equal(repeated.status, 400);
    assert.equal((await repeated.json()).error, "invalid_request");
  });

  it("T14 repeated failed client authentications from one source → 429 for that source only", async () => {
    const target = await registeredApp(t, owner);
    const attempt = (secret: string, ip: string) =>
      postForm(t, "/api/oauth/token", { grant_type: "refresh_token", refresh_token: "x" }, {
        id: target.clientId,
        secret,
      }, ip);
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt("wrong", "203.0.113.100")).status);
    assert.deepEqual(statuses.slice(0, 10), Array(10).fill(401));
    assert.equal(statuses[10], 429);
    assert.ok((await attempt("wrong", "203.0.113.100")).headers.get("retry-after"));
    const rightFromGuesser = await attempt(target.clientSecret, "203.0.113.100");
    assert.equal((await rightFromGuesser.json()).error, "invalid_grant", "right secret is verified first");
    assert.equal((await attempt("wrong", "203.0.113.101")).status, 401, "other sources are not locked");
  });

  it("T15 unapproved client → unauthorized_client", async () => {
    const pending = await registeredApp(t, owner, { approved: false });
    const response = await postForm(t, "/api/oauth/token", {
      grant_type: "authorization_code",
      code: "x",
      redirect_uri: REDIRECT_URI,
    }, { id: pending.clientId, secret: pending.clientSecret });
    assert.equal(response.status, 400);
    const body = await response.json();
    assert.equal(body.error, "unauthorized_client");
    assert.match(body.error_description, /app_not_approved/);
  });

  it("T16 every error is JSON {error, error_description} with 400/401", async () => {
    const responses = [
      await postForm(t, "/api/oauth/token", { grant_type: "nope" }),
      await postForm(t, "/api/oauth/token", { grant_type: "authorization_code", code: "x" }),
      await postForm(t, "/api/oauth/token", {
        grant_type: "authorization_code",
        code: "x",
        redirect_uri: REDIRECT_URI,
        client_id: client.clientId,
        client_secret: client.clientSecret,
      }),
      await t.app.request("/api/oauth/token", {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "x",
      }),
    ];
    for (const response of responses) {
      assert.ok([400, 401].includes(response.status), String(response.status));
      assert.match(response.headers.get("content-type") ?? "", /application\/json/);
      const body = await response.json();
      assert.equal(typeof body.error, "string");
      assert.match(body.error, /^[a-z_]+$/);
      assert.equal(typeof body.error_description, "string");
    }
  });

  it("T17 the database holds no plaintext secret, code or token", async () => {
    const code = await authorizationCode(alice.browser, client.clientId);
    const tokens = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const secrets = [client.clientSecret, code, tokens.body.access_token, tokens.body.refresh_token];
    const tables = await t.deps.db.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
    let dump = "";
    for (const row of tables.rows) {
      const rows = await t.deps.db.$client.execute(`SELECT * FROM "${row.name}"`);
      dump += JSON.stringify(rows.rows);
    }
    for (const secret of secrets) {
      assert.ok(secret.length > 20);
      assert.ok(!dump.includes(secret), "plaintext credential found in the database");
      assert.ok(!dump.includes(secret.slice(5)), "credential body found in the database");
    }
    const { rows } = await t.deps.db.$client.execute("SELECT token_hash FROM oauth_tokens LIMIT 1");
    // The issue time (public) then the SHA-256 of the whole token.
    assert.match(String(rows[0].token_hash), /^t[0-9a-f]{12}\.[0-9a-f]{64}$/);
  });
});

async function refresh(refreshToken: string, who = client, extra: Record<string, string> = {}) {
  const response = await postForm(t, "/api/oauth/token", {
    grant_type: "refresh_token",
    refresh_token: refreshToken,
    client_id: who.clientId,
    client_secret: who.clientSecret,
    ...extra,
  });
  return { status: response.status, body: await response.json() };
}

describe("refresh tokens", () => {
  it("R1 rotation: new refresh token; reusing the old one after the grace window kills the family", async () => {
    const first = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const second = await refresh(first.body.refresh_token);
    assert.equal(second.status, 200);
    assert.notEqual(second.body.refresh_token, first.body.refresh_token);
    const withinGrace = await refresh(first.body.refresh_token);
    assert.equal(withinGrace.status, 200, "a lost response can be retried within the grace window");
    assert.equal(
      withinGrace.body.refresh_token,
      second.body.refresh_token,
      "the same successor, no new pair",
    );
    assert.equal(withinGrace.body.access_token, second.body.access_token);
    const again = await refresh(first.body.refresh_token);
    assert.equal(again.body.error, "invalid_grant", "the successor is handed out once");
    assert.equal(
      (await userinfo(t, second.body.access_token)).status,
      200,
      "a retry inside the window harms nobody",
    );
    t.clock.advance(11_000);
    const reuse = await refresh(first.body.refresh_token);
    assert.equal(reuse.body.error, "invalid_grant");
    assert.equal((await refresh(second.body.refresh_token)).body.error, "invalid_grant", "family revoked");
    assert.equal((await userinfo(t, second.body.access_token)).status, 401);
    assert.equal((await userinfo(t, withinGrace.body.access_token)).status, 401);
  });

  it("R1 reuse inside the grace window never mints new pairs or families", async () => {
    const first = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const rotated = await refresh(first.body.refresh_token);
    const replays = await Promise.all(Array.from({ length: 5 }, () => refresh(first.body.refresh_token)));
    const handedOut = replays.filter((replay) => replay.status === 200);
    assert.equal(handedOut.length, 1, "exactly one replay gets the successor");
    assert.equal(handedOut[0].body.refresh_token, rotated.body.refresh_token);
    const { rows } = await t.deps.db.$client.execute({
      sql: `SELECT count(*) AS n FROM oauth_tokens
            WHERE family_id = (SELECT family_id FROM oauth_tokens WHERE successor_sealed IS NOT NULL
                               OR rotated_at IS NOT NULL ORDER BY created_at DESC LIMIT 1)`,
      args: [],
    });
    assert.equal(
      Number(rows[0].n),
      4,
      "the family holds the first pair and one successor pair, nothing more",
    );
  });

  it("R2 another client's refresh token → invalid_grant; scope cannot widen", async () => {
    const other = await registeredApp(t, owner);
    const tokens = await exchangeCode(
      t,
      client,
      await authorizationCode(alice.browser, client.clientId, { scope: "profile offline_access" }),
    );
    assert.equal((await refresh(tokens.body.refresh_token, other)).body.error, "invalid_grant");
    const widened = await refresh(tokens.body.refresh_token, client, {
      scope: "profile email offline_access",
    });
    assert.equal(widened.body.error, "invalid_scope");
    const narrowed = await refresh(tokens.body.refresh_token, client, { scope: "profile" });
    assert.equal(narrowed.status, 200);
    assert.equal(narrowed.body.scope, "profile");
  });
});

describe("revocation", () => {
  it("V1 revoke → 200 even for unknown tokens; a refresh token takes its access tokens along; no auth → 401", async () => {
    const tokens = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const basic = { id: client.clientId, secret: client.clientSecret };
    assert.equal((await postForm(t, "/api/oauth/revoke", { token: "unknown-token" }, basic)).status, 200);
    const noAuth = await postForm(t, "/api/oauth/revoke", { token: tokens.body.refresh_token });
    assert.equal(noAuth.status, 401);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
    const revoked = await postForm(t, "/api/oauth/revoke", { token: tokens.body.refresh_token }, basic);
    assert.equal(revoked.status, 200);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 401);
    assert.equal((await refresh(tokens.body.refresh_token)).body.error, "invalid_grant");
  });

  it("V1 another client cannot revoke a token it does not own", async () => {
    const other = await registeredApp(t, owner);
    const tokens = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const response = await postForm(t, "/api/oauth/revoke", { token: tokens.body.access_token }, {
      id: other.clientId,
      secret: other.clientSecret,
    });
    assert.equal(response.status, 200);
    assert.equal((await userinfo(t, tokens.body.access_token)).status, 200);
  });
});

describe("userinfo", () => {
  it("U1 RFC 6750 challenges, ?access_token= refused, sub and no-store on success", async () => {
    const none = await t.app.request("/api/oauth/userinfo");
    assert.equal(none.status, 401);
    assert.match(none.headers.get("www-authenticate") ?? "", /^Bearer /);
    const tokens = await exchangeCode(
      t,
      client,
      await authorizationCode(alice.browser, client.clientId, { scope: "email" }),
    );
    const query = await t.app.request(`/api/oauth/userinfo?access_token=${tokens.body.access_token}`);
    assert.equal(query.status, 400);
    const ok = await userinfo(t, tokens.body.access_token);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get("cache-control"), "no-store");
    const body = await ok.json();
    assert.equal(body.sub, alice.user.mixeraId);
    assert.equal(body.email, alice.user.email);
    assert.equal(body.name, undefined, "no profile scope, no name");
    const posted = await t.app.request("/api/oauth/userinfo", {
      method: "POST",
      headers: { authorization: `Bearer ${tokens.body.access_token}`, "sec-fetch-site": "cross-site" },
    });
    assert.equal(posted.status, 200, "a server may POST userinfo; the Bearer token is its only credential");
    assert.equal((await posted.json()).sub, alice.user.mixeraId);
    t.clock.advance(60 * 60 * 1000 + 1);
    const expired = await userinfo(t, tokens.body.access_token);
    assert.equal(expired.status, 401);
    assert.match(expired.headers.get("www-authenticate") ?? "", /error="invalid_token"/);
    const garbage = await userinfo(t, "mxat_garbage");
    assert.equal(garbage.status, 401);
  });
});

describe("metadata", () => {
  it("M1 issuer is the origin byte for byte, endpoints absolute, S256 only, iss supported", async () => {
    const response = await t.app.request("/.well-known/oauth-authorization-server");
    assert.equal(response.status, 200);
    const metadata = await response.json();
    assert.equal(metadata.issuer, t.deps.config.publicUrl);
    assert.equal(metadata.issuer, new URL(metadata.issuer).origin);
    for (
      const key of [
        "authorization_endpoint",
        "token_endpoint",
        "userinfo_endpoint",
        "revocation_endpoint",
        "introspection_endpoint",
        "device_authorization_endpoint",
      ]
    ) {
      assert.ok(metadata[key].startsWith(metadata.issuer + "/api/oauth/"), key);
    }
    assert.deepEqual(metadata.code_challenge_methods_supported, ["S256"]);
    assert.equal(metadata.authorization_response_iss_parameter_supported, true);
    assert.deepEqual(metadata.response_types_supported, ["code"]);
  });
});

describe("introspection", () => {
  it("reports active tokens to their own confidential client only", async () => {
    const tokens = await exchangeCode(t, client, await authorizationCode(alice.browser, client.clientId));
    const basic = { id: client.clientId, secret: client.clientSecret };
    const active =
      await (await postForm(t, "/api/oauth/introspect", { token: tokens.body.access_token }, basic)).json();
    assert.equal(active.active, true);
    assert.equal(active.sub, alice.user.mixeraId);
    assert.equal(active.client_id, client.clientId);
    const other = await registeredApp(t, owner);
    const foreign = await postForm(t, "/api/oauth/introspect", { token: tokens.body.access_token }, {
      id: other.clientId,
      secret: other.clientSecret,
    });
    assert.deepEqual(await foreign.json(), { active: false });
    assert.equal(
      (await postForm(t, "/api/oauth/introspect", { token: tokens.body.access_token })).status,
      401,
    );
  });

  it("tells no more than the scopes allow: the email only with the email scope", async () => {
    const basic = { id: client.clientId, secret: client.clientSecret };
    const introspect = async (scope: string) => {
      const code = await authorizationCode(alice.browser, client.clientId, { scope });
      const tokens = await exchangeCode(t, client, code);
      return await (await postForm(t, "/api/oauth/introspect", { token: tokens.body.access_token }, basic))
        .json();
    };
    const profileOnly = await introspect("profile");
    assert.equal(profileOnly.active, true);
    assert.equal(profileOnly.username, undefined);
    assert.ok(!JSON.stringify(profileOnly).includes(alice.user.email));
    assert.equal((await introspect("profile email")).username, alice.user.email);
  });
});
