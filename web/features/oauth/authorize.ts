/**
 * @module
 * Validation of an authorization request, in the order RFC 6749 §4.1.2.1 requires: while the client
 * or the redirect URI is in doubt the user sees an error page and is never redirected; once both
 * are trusted, every other problem goes back to the client as `?error=…&state=…&iss=…`.
 */
import type { Db } from "../../db/client.ts";
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { findApp, redirectUrisOf } from "./apps.ts";
import type { OAuthErrorCode } from "./errors.ts";
import { isValidCodeChallenge } from "./pkce.ts";
import { redirectUriMatches } from "./redirect_uri.ts";
import { parseScope, type Scope } from "./scopes.ts";

/** The parameters an authorization request may carry (others are ignored, RFC 6749 §3.1). */
export const AUTHORIZE_PARAMS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
] as const;

const MAX_STATE_LENGTH = 1024;

export type AuthorizeCheck =
  /** Not safe to redirect: show an error page. */
  | { kind: "page"; status: 400 | 403; code: OAuthErrorCode; message: string }
  /** Client and redirect URI are trusted; further validation happens in {@link checkAuthorizeRequest}. */
  | { kind: "trusted"; app: OAuthApp; redirectUri: string; state: string | undefined };

export type AuthorizeRequest =
  | {
    kind: "error";
    redirectUri: string;
    state: string | undefined;
    code: OAuthErrorCode;
    description: string;
  }
  | {
    kind: "ok";
    app: OAuthApp;
    redirectUri: string;
    state: string | undefined;
    scopes: Scope[];
    codeChallenge: string | null;
    /** The validated parameters, to carry through the consent form. */
    params: Record<string, string>;
  };

/** Collects parameters, noting the ones sent more than once (each must appear at most once). */
export function collectParams(
  entries: Iterable<[string, string]>,
): { params: Record<string, string>; repeated: string[] } {
  const params: Record<string, string> = {};
  const repeated: string[] = [];
  for (const [key, value] of entries) {
    if (!(AUTHORIZE_PARAMS as readonly string[]).includes(key)) continue;
    if (key in params) repeated.push(key);
    if (value !== "") params[key] = value;
  }
  return { params, repeated };
}

/** A refusal shown on the portal's own page: the client cannot be trusted with a redirect. */
function errorPage(status: 400 | 403, code: OAuthErrorCode, message: string): AuthorizeCheck {
  return { kind: "page", status, code, message };
}

/** Steps that decide whether the client can be trusted with a redirect at all. */
export async function checkClientAndRedirect(
  db: Db,
  params: Record<string, string>,
  repeated: string[],
): Promise<AuthorizeCheck> {
  if (repeated.includes("client_id") || repeated.includes("redirect_uri")) {
    return errorPage(400, "invalid_request", "The request repeats client_id or redirect_uri.");
  }
  const clientId = params.client_id;
  const app = clientId ? await findApp(db, clientId) : undefined;
  if (!app) {
    return errorPage(400, "invalid_client", "The application asking you to sign in is not known to MIXERA.");
  }
  const redirectUri = params.redirect_uri;
  if (
    !redirectUri || !redirectUriMatches(redirectUrisOf(app), redirectUri, {
      loopbackAnyPort: app.clientType === "public",
    })
  ) {
    return errorPage(
      400,
      "invalid_redirect_uri",
      `The return address of ${app.name} is not one it registered, so MIXERA will not send you there.`,
    );
  }
  if (app.status !== "approved") {
    return errorPage(
      403,
      "app_not_approved",
      `${app.name} has not been approved by MIXERA yet (or its approval was withdrawn).`,
    );
  }
  const state = params.state !== undefined && params.state.length <= MAX_STATE_LENGTH
    ? params.state
    : undefined;
  return { kind: "trusted", app, redirectUri, state };
}

/** The remaining checks, for a request whose client and redirect URI are trusted. */
export function checkAuthorizeRequest(
  trusted: Extract<AuthorizeCheck, { kind: "trusted" }>,
  params: Record<string, string>,
  repeated: string[],
): AuthorizeRequest {
  const { app, redirectUri, state } = trusted;
  const fail = (code: OAuthErrorCode, description: string): AuthorizeRequest => ({
    kind: "error",
    redirectUri,
    state,
    code,
    description,
  });
  if (repeated.length) return fail("invalid_request", `parameter ${repeated[0]} is repeated`);
  if (params.state !== undefined && params.state.length > MAX_STATE_LENGTH) {
    return fail("invalid_request", "state is too long");
  }
  if (!params.response_type) return fail("invalid_request", "response_type is required");
  if (params.response_type !== "code") {
    return fail("unsupported_response_type", "only response_type=code is supported");
  }
  const scope = parseScope(params.scope);
  if (!scope.ok) return fail("invalid_scope", scope.description);
  const challenge = params.code_challenge;
  const method = params.code_challenge_method;
  if (challenge === undefined) {
    if (method !== undefined) {
      return fail("invalid_request", "code_challenge_method sent without code_challenge");
    }
    if (app.clientType === "public") {
      return fail("invalid_request", "public clients must use PKCE (code_challenge)");
    }
  } else {
    if (method !== "S256") {
      return fail("invalid_request", "code_challenge_method must be S256 (plain is not supported)");
    }
    if (!isValidCodeChallenge(challenge)) {
      return fail("invalid_request", "code_challenge is not a base64url SHA-256");
    }
  }
  return {
    kind: "ok",
    app,
    redirectUri,
    state,
    scopes: scope.scopes,
    codeChallenge: challenge ?? null,
    params,
  };
}

/** The client's redirect URI with response parameters appended to any query it already has. */
export function clientRedirectUrl(redirectUri: string, response: Record<string, string | undefined>): string {
  const url = new URL(redirectUri);
  for (const [key, value] of Object.entries(response)) {
    if (value !== undefined) url.searchParams.append(key, value);
  }
  return url.toString();
}
