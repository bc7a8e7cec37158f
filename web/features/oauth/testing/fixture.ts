/**
 * @module
 * Test support for the OAuth provider: signed-in users, approved apps and a full authorization
 * round trip on top of the portal's test app (web/testing/test_app.ts).
 */
import { createSession, SESSION_COOKIE } from "../../../auth/session.ts";
import { randomSecret } from "../../../auth/secrets.ts";
import { generateMixeraId } from "../../auth/mod.ts";
import { type User, users } from "../../../db/schema/users.ts";
import type { OAuthApp } from "../../../db/schema/oauth.ts";
import type { TestApp, TestBrowser } from "../../../testing/test_app.ts";
import { createOAuthApp, reviewApp, validateAppInput } from "../apps.ts";
import { s256Challenge } from "../pkce.ts";

export const VERIFIER = "a-long-random-pkce-verifier-0123456789abcdefghijklmn";
export const CHALLENGE = s256Challenge(VERIFIER);
export const REDIRECT_URI = "https://client.example/callback";

let counter = 0;

/** A user inserted straight into the database (no password hashing) and a browser signed in as them. */
export async function signedInUser(
  t: TestApp,
  options: { role?: "user" | "admin"; ip?: string } = {},
): Promise<{ user: User; browser: TestBrowser }> {
  const now = t.clock.now();
  const user: User = {
    id: randomSecret(15),
    mixeraId: generateMixeraId(),
    email: `user${++counter}-${randomSecret(4)}@example.com`,
    displayName: `DJ ${counter}`,
    passwordHash: "not-a-password-hash",
    emailVerifiedAt: now,
    role: options.role ?? "user",
    disabledAt: null,
    profilePictureKey: null,
    profilePictureType: null,
    createdAt: now,
  };
  await t.deps.db.insert(users).values(user);
  const { token } = await createSession(t.deps.db, user.id, { userAgent: "test", ip: "192.0.2.1" }, now);
  const browser = t.browser(options.ip);
  browser.cookies.set(SESSION_COOKIE, token);
  return { user, browser };
}

/** An app owned by `owner`, approved unless `status` says otherwise. */
export async function registeredApp(
  t: TestApp,
  owner: User,
  options: {
    clientType?: "confidential" | "public";
    redirectUris?: string[];
    approved?: boolean;
  } = {},
): Promise<{ app: OAuthApp; clientId: string; clientSecret: string }> {
  const validation = validateAppInput({
    name: `Test App ${++counter}`,
    description: "An app in a test",
    websiteUrl: "https://client.example",
    redirectUris: (options.redirectUris ?? [REDIRECT_URI]).join("\n"),
    clientType: options.clientType ?? "confidential",
  });
  if (!validation.ok) throw new Error(validation.errors.join("; "));
  const now = t.clock.now();
  const { app, clientSecret } = await createOAuthApp(t.deps.db, owner.id, validation.values, now);
  if (options.approved ?? true) await reviewApp(t.deps.db, app.id, "approve", "", now);
  return { app, clientId: app.id, clientSecret: clientSecret ?? "" };
}

export function authorizeUrl(params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined) query.set(key, value);
  return `/api/oauth/authorize?${query}`;
}

/** Standard authorization parameters for `clientId`, with PKCE, overridable one by one. */
export function authorizeParams(clientId: string, overrides: Record<string, string | undefined> = {}) {
  return {
    client_id: clientId,
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    state: "xyz-state",
    scope: "profile email offline_access",
    code_challenge: CHALLENGE,
    code_challenge_method: "S256",
    ...overrides,
  };
}

/** Runs authorize + consent in `browser` and returns the redirect back to the client. */
export async function consentAndRedirect(
  browser: TestBrowser,
  params: Record<string, string | undefined>,
  decision: "allow" | "deny" = "allow",
): Promise<URL> {
  const start = await browser.get(authorizeUrl(params));
  if (start.status === 302) return new URL(start.headers.get("location") ?? "");
  if (start.status !== 200) throw new Error(`authorize answered ${start.status}`);
  const form: Record<string, string> = { decision };
  for (const [key, value] of Object.entries(params)) if (value !== undefined) form[key] = value;
  const answer = await browser.post("/api/oauth/authorize", form);
  if (answer.status !== 303) throw new Error(`consent answered ${answer.status}`);
  return new URL(answer.headers.get("location") ?? "");
}

/** Gets a fresh authorization code for `clientId` (consenting if asked). */
export async function authorizationCode(
  browser: TestBrowser,
  clientId: string,
  overrides: Record<string, string | undefined> = {},
): Promise<string> {
  const location = await consentAndRedirect(browser, authorizeParams(clientId, overrides));
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

/** POSTs a form to a back-channel endpoint; `basic` sends the client credentials with HTTP Basic. */
export function postForm(
  t: TestApp,
  path: string,
  form: Record<string, string>,
  basic?: { id: string; secret: string },
  ip = "198.51.100.7",
): Promise<Response> {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded" };
  if (basic) {
    headers.authorization = `Basic ${
      btoa(`${encodeURIComponent(basic.id)}:${encodeURIComponent(basic.secret)}`)
    }`;
  }
  return Promise.resolve(
    t.app.request(path, { method: "POST", headers, body: new URLSearchParams(form) }, { remoteAddr: ip }),
  );
}

/** A token endpoint answer, success or error, as tests read it. */
export interface TokenResponseBody {
  access_token: string;
  refresh_token: string;
  scope: string;
  error?: string;
  error_description?: string;
  user?: Record<string, unknown>;
}

/** Exchanges a code with credentials in the body and returns the parsed JSON. */
export async function exchangeCode(
  t: TestApp,
  client: { clientId: string; clientSecret: string },
  code: string,
  extra: Record<string, string> = {},
): Promise<{ status: number; body: TokenResponseBody }> {
  const response = await postForm(t, "/api/oauth/token", {
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    code_verifier: VERIFIER,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    ...extra,
  });
  return { status: response.status, body: await response.json() };
}

export function userinfo(t: TestApp, accessToken: string): Promise<Response> {
  return Promise.resolve(
    t.app.request("/api/oauth/userinfo", { headers: { authorization: `Bearer ${accessToken}` } }),
  );
}
