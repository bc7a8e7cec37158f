/**
 * @module
 * HTTP endpoints of the OAuth provider: authorization with consent, the token, userinfo, revocation,
 * introspection and device-authorization endpoints, the /activate page and the RFC 8414 metadata.
 * The back-channel endpoints read no cookies; the browser CSRF check exempts them (web/security/csrf.ts).
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { clientIp } from "../../http/client_ip.ts";
import { readBodyAtMost } from "../../http/read_body.ts";
import { CONTENT_SECURITY_POLICY } from "../../security/headers.ts";
import { tooManyRequests } from "../../http/too_many_requests.ts";
import { requireUser } from "../../auth/middleware.ts";
import { consumeRateLimit, type RateLimit } from "../../security/rate_limit.ts";
import type { Db } from "../../db/client.ts";
import { renderPage } from "../../ui/render.tsx";
import { ErrorPage } from "../../ui/pages.tsx";
import type { User } from "../../db/schema/users.ts";
import { findApp } from "./apps.ts";
import {
  checkAuthorizeRequest,
  checkClientAndRedirect,
  clientRedirectUrl,
  collectParams,
} from "./authorize.ts";
import { authenticateClient } from "./client_auth.ts";
import { grantedScopes, rememberConsent } from "./consents.ts";
import {
  decideDeviceRequest,
  DEVICE_CODE_GRANT,
  findPendingDeviceRequest,
  pollDeviceToken,
  startDeviceAuthorization,
} from "./device.ts";
import { bearerChallengeResponse, NO_STORE_HEADERS, OAuthError, oauthErrorResponse } from "./errors.ts";
import { authorizationServerMetadata } from "./metadata.ts";
import { isSubset, parseScope, readStoredScopes } from "./scopes.ts";
import { defaultOAuthSettings, type OAuthSettings } from "./settings.ts";
import { MAX_TOKEN_REQUEST_BYTES, readBackChannelRequest } from "./token_request.ts";
import {
  exchangeAuthorizationCode,
  introspectToken,
  issueAuthorizationCode,
  type IssuedTokens,
  refreshTokens,
  revokeToken,
  validateAccessToken,
} from "./tokens.ts";
import { userClaims } from "./user_claims.ts";
// Declares whose rows the OAuth tables hold, for data export and account deletion.
import "./status_endpoints.ts";
import "./user_data.ts";
import {
  ActivateConsentPage,
  ActivateDonePage,
  ActivatePage,
  AuthorizeErrorPage,
  ConsentPage,
} from "./views.tsx";

/** People typing device codes get a few tries; guessing a live code needs millions (RFC 8628 §5.1). */
const USER_CODE_ENTRY_LIMIT = { limit: 10, windowMs: 15 * 60 * 1000 };
/**
 * Starting device authorizations: each one writes a row, so a source gets a few per minute (a person
 * setting up a controller needs one) and an app's whole fleet a wider allowance.
 */
const DEVICE_START_IP_LIMIT = { limit: 20, windowMs: 60 * 1000 };
const DEVICE_START_CLIENT_LIMIT = { limit: 600, windowMs: 60 * 1000 };
/** Device polling per IP, on top of the per-code `slow_down` discipline. */
const DEVICE_POLL_IP_LIMIT = { limit: 120, windowMs: 60 * 1000 };
/** Device polling per client: a fleet of one app's controllers polls together, so this one is wider. */
const DEVICE_POLL_CLIENT_LIMIT = { limit: 6000, windowMs: 60 * 1000 };

function settingsOf(c: Context<AppEnv>): OAuthSettings {
  return defaultOAuthSettings(c.var.deps.config.publicUrl);
}

/**
 * Authorization pages must not be framed (clickjacking) nor leak their URL through Referer; they keep
 * the portal's whole CSP, so an injection on them runs no script either.
 */
function protectAuthorizationPage(c: Context<AppEnv>): void {
  c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
  c.header("X-Frame-Options", "DENY");
  c.header("Referrer-Policy", "no-referrer");
}

/** The seed's token response plus the RFC 6749 fields. */
function tokenResponse(issued: IssuedTokens, settings: OAuthSettings): Response {
  return Response.json({
    access_token: issued.accessToken,
    token_type: "Bearer",
    expires_in: issued.expiresIn,
    ...(issued.refreshToken ? { refresh_token: issued.refreshToken } : {}),
    scope: issued.scopes.join(" "),
    user: userClaims(issued.user, issued.scopes, settings.issuer).user,
  }, { headers: NO_STORE_HEADERS });
}

/** Counts one attempt against each limit; the first one over its limit throws `tooMany(retryAfterSec)`. */
async function enforceLimits(
  db: Db,
  limits: readonly (readonly [string, RateLimit])[],
  now: Date,
  tooMany: (retryAfterSec: number) => OAuthError,
): Promise<void> {
  for (const [key, rule] of limits) {
    const limit = await consumeRateLimit(db, key, rule, now);
    if (!limit.allowed) throw tooMany(limit.retryAfterSec);
  }
}

async function backChannel(handler: () => Promise<Response>): Promise<Response> {
  try {
    return await handler();
  } catch (error) {
    if (error instanceof OAuthError) return oauthErrorResponse(error);
    throw error;
  }
}

export const oauthRoutes = new Hono<AppEnv>();

oauthRoutes.get(
  "/.well-known/oauth-authorization-server",
  (c) =>
    c.json(authorizationServerMetadata(settingsOf(c).issuer), 200, {
      "Cache-Control": "public, max-age=3600",
    }),
);

/**
 * Apps receive the user's address, and devices act for the account, so both need an address the user
 * proved is theirs: anything else gets a page that says how to verify.
 */
function verifyEmailFirst(c: Context<AppEnv>, action: string) {
  return renderPage(c, {
    title: "Verify your email first",
    status: 403,
    variant: "card",
    body: ErrorPage({
      heading: "Verify your email first",
      message: `To ${action}, confirm your email address first: enter the code we mailed you.`,
      action: { href: "/verify-email", label: "Verify your email" },
    }),
  });
}

/** Runs the authorization checks shared by the GET (start) and the POST (consent decision). */
async function handleAuthorize(c: Context<AppEnv>, entries: Iterable<[string, string]>, decision?: string) {
  const { db, clock } = c.var.deps;
  const settings = settingsOf(c);
  protectAuthorizationPage(c);
  const isPost = c.req.method === "POST";
  const { params, repeated } = collectParams(entries);
  const trusted = await checkClientAndRedirect(db, params, repeated);
  if (trusted.kind === "page") {
    return renderPage(c, {
      title: "Sign-in link does not work",
      status: trusted.status,
      variant: "card",
      body: <AuthorizeErrorPage code={trusted.code} message={trusted.message} />,
    });
  }
  const user = c.var.user;
  if (!user) {
    const next = isPost ? "/" : new URL(c.req.url).pathname + new URL(c.req.url).search;
    return c.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
  }
  if (!user.emailVerifiedAt) return verifyEmailFirst(c, `sign in to ${trusted.app.name}`);
  const request = checkAuthorizeRequest(trusted, params, repeated);
  const redirect = (response: Record<string, string | undefined>) =>
    c.redirect(
      clientRedirectUrl(trusted.redirectUri, { ...response, state: trusted.state, iss: settings.issuer }),
      isPost ? 303 : 302,
    );
  if (request.kind === "error") {
    return redirect({ error: request.code, error_description: request.description });
  }

  const now = clock.now();
  const issueCode = async () => {
    const code = await issueAuthorizationCode(
      db,
      {
        userId: user.id,
        clientId: request.app.id,
        redirectUri: request.redirectUri,
        scopes: request.scopes,
        codeChallenge: request.codeChallenge,
      },
      settings,
      now,
    );
    return redirect({ code });
  };
  if (isPost) {
    if (decision === "deny") {
      return redirect({ error: "access_denied", error_description: "the user denied access" });
    }
    if (decision !== "allow") {
      return redirect({ error: "invalid_request", error_description: "missing consent decision" });
    }
    await rememberConsent(db, user.id, request.app.id, request.scopes, now);
    return await issueCode();
  }
  const granted = await grantedScopes(db, user.id, request.app.id);
  if (granted.length && isSubset(request.scopes, granted)) return await issueCode();
  return renderPage(c, {
    title: `Authorize ${request.app.name}`,
    variant: "card",
    body: (
      <ConsentPage
        app={request.app}
        scopes={request.scopes}
        params={request.params}
        newScopesOnly={granted.length > 0}
      />
    ),
  });
}

oauthRoutes.get("/api/oauth/authorize", (c) => handleAuthorize(c, new URL(c.req.url).searchParams));

oauthRoutes.post("/api/oauth/authorize", async (c) => {
  const form = await readSmallForm(c.req.raw);
  if (!form) return formTooLarge(c);
  return handleAuthorize(c, form, form.get("decision") ?? undefined);
});

/** Consent and activation forms are a few hundred bytes; null for one over the back-channel limit. */
async function readSmallForm(request: Request): Promise<URLSearchParams | null> {
  const bytes = await readBodyAtMost(request, MAX_TOKEN_REQUEST_BYTES);
  return bytes && new URLSearchParams(new TextDecoder().decode(bytes));
}

function formTooLarge(c: Context<AppEnv>) {
  return renderPage(c, {
    title: "Form too large",
    status: 413,
    body: ErrorPage({
      heading: "Form too large",
      message: "The form sent was larger than this page ever sends.",
    }),
  });
}

oauthRoutes.post("/api/oauth/token", (c) =>
  backChannel(async () => {
    const { db, clock } = c.var.deps;
    const settings = settingsOf(c);
    const { params, client } = await readBackChannelRequest(c.req.raw);
    const grantType = params.grant_type;
    if (!grantType) throw new OAuthError("invalid_request", "grant_type is required");
    if (!["authorization_code", "refresh_token", DEVICE_CODE_GRANT].includes(grantType)) {
      throw new OAuthError("unsupported_grant_type", `grant_type ${grantType.slice(0, 60)} is not supported`);
    }
    const now = clock.now();
    const app = await authenticateClient(db, client, settings, now, { ip: clientIp(c), allowPublic: true });
    if (grantType === "authorization_code") {
      return tokenResponse(await exchangeAuthorizationCode(db, app, params, settings, now), settings);
    }
    if (grantType === "refresh_token") {
      let requested = null;
      if (params.scope !== undefined) {
        const scope = parseScope(params.scope);
        if (!scope.ok) throw new OAuthError("invalid_scope", scope.description);
        requested = scope.scopes;
      }
      return tokenResponse(await refreshTokens(db, app, params, requested, settings, now), settings);
    }
    const pollLimits = [
      [`oauth:device-poll:ip:${clientIp(c)}`, DEVICE_POLL_IP_LIMIT],
      [`oauth:device-poll:client:${app.id}`, DEVICE_POLL_CLIENT_LIMIT],
    ] as const;
    await enforceLimits(
      db,
      pollLimits,
      now,
      () => new OAuthError("slow_down", "too many device polls; wait before polling again"),
    );
    return tokenResponse(await pollDeviceToken(db, app, params.device_code, settings, now), settings);
  }));

async function userinfo(c: Context<AppEnv>): Promise<Response> {
  const url = new URL(c.req.url);
  if (url.searchParams.has("access_token")) {
    return bearerChallengeResponse(
      400,
      "invalid_request",
      "send the access token in the Authorization header",
    );
  }
  const authorization = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization);
  if (!match) {
    return authorization
      ? bearerChallengeResponse(400, "invalid_request", "malformed Authorization header")
      : bearerChallengeResponse(401);
  }
  const valid = await validateAccessToken(c.var.deps.db, match[1], c.var.deps.clock.now());
  if (!valid) {
    return bearerChallengeResponse(401, "invalid_token", "the access token is invalid, expired or revoked");
  }
  const claims = userClaims(valid.user, valid.scopes, settingsOf(c).issuer);
  return Response.json({ sub: claims.sub, ...claims.user }, { headers: NO_STORE_HEADERS });
}

oauthRoutes.get("/api/oauth/userinfo", userinfo);
oauthRoutes.post("/api/oauth/userinfo", userinfo);

oauthRoutes.post("/api/oauth/revoke", (c) =>
  backChannel(async () => {
    const { db, clock } = c.var.deps;
    const now = clock.now();
    const { params, client } = await readBackChannelRequest(c.req.raw);
    const app = await authenticateClient(db, client, settingsOf(c), now, {
      ip: clientIp(c),
      allowPublic: true,
    });
    if (!params.token) throw new OAuthError("invalid_request", "token is required");
    await revokeToken(db, app, params.token, now);
    return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
  }));

oauthRoutes.post("/api/oauth/introspect", (c) =>
  backChannel(async () => {
    const { db, clock } = c.var.deps;
    const now = clock.now();
    const settings = settingsOf(c);
    const { params, client } = await readBackChannelRequest(c.req.raw);
    const app = await authenticateClient(db, client, settings, now, { ip: clientIp(c), allowPublic: false });
    if (!params.token) throw new OAuthError("invalid_request", "token is required");
    return Response.json(await introspectToken(db, app, params.token, settings, now), {
      headers: NO_STORE_HEADERS,
    });
  }));

oauthRoutes.post("/api/oauth/device_authorization", (c) =>
  backChannel(async () => {
    const { db, clock } = c.var.deps;
    const now = clock.now();
    const settings = settingsOf(c);
    const { params, client } = await readBackChannelRequest(c.req.raw);
    const app = await authenticateClient(db, client, settings, now, { ip: clientIp(c), allowPublic: true });
    const startLimits = [
      [`oauth:device-start:ip:${clientIp(c)}`, DEVICE_START_IP_LIMIT],
      [`oauth:device-start:client:${app.id}`, DEVICE_START_CLIENT_LIMIT],
    ] as const;
    await enforceLimits(db, startLimits, now, (retryAfterSec) =>
      new OAuthError("rate_limited", "too many device authorizations; try again later", 429, {
        "Retry-After": String(retryAfterSec),
      }));
    const scope = parseScope(params.scope);
    if (!scope.ok) {
      throw new OAuthError("invalid_scope", scope.description);
    }
    return Response.json(await startDeviceAuthorization(db, app, scope.scopes, settings, now), {
      headers: NO_STORE_HEADERS,
    });
  }));

/** Only verified accounts can connect devices (see {@link verifyEmailFirst}). */
function requireVerifiedForActivate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user?.emailVerifiedAt) {
      protectAuthorizationPage(c);
      return verifyEmailFirst(c, "connect a device");
    }
    await next();
  };
}

oauthRoutes.get("/activate", requireUser(), requireVerifiedForActivate(), (c) => {
  protectAuthorizationPage(c);
  const userCode = (c.req.query("user_code") ?? "").slice(0, 20);
  return renderPage(c, { title: "Activate a device", body: <ActivatePage userCode={userCode} /> });
});

oauthRoutes.post("/activate", requireUser(), requireVerifiedForActivate(), async (c) => {
  const { db, clock } = c.var.deps;
  protectAuthorizationPage(c);
  const user = c.var.user as User;
  const now = clock.now();
  for (const key of [`oauth:activate:user:${user.id}`, `oauth:activate:ip:${clientIp(c)}`]) {
    const limit = await consumeRateLimit(db, key, USER_CODE_ENTRY_LIMIT, now);
    if (!limit.allowed) return tooManyRequests(c, limit.retryAfterSec);
  }
  const form = await readSmallForm(c.req.raw);
  if (!form) return formTooLarge(c);
  const userCode = (form.get("user_code") ?? "").slice(0, 20);
  const request = await findPendingDeviceRequest(db, userCode, now);
  const app = request ? await findApp(db, request.clientId) : undefined;
  if (!request || !app || app.status !== "approved") {
    return renderPage(c, {
      title: "Activate a device",
      status: 400,
      body: (
        <ActivatePage userCode={userCode} error="That code is not valid or has expired. Check your device." />
      ),
    });
  }
  const decision = form.get("decision");
  const scopes = readStoredScopes(request.scope);
  if (decision === "allow" || decision === "deny") {
    const approved = decision === "allow";
    await decideDeviceRequest(db, request.deviceCodeHash, user.id, approved, now);
    if (approved) await rememberConsent(db, user.id, app.id, scopes, now);
    return renderPage(c, {
      title: "Activate a device",
      body: <ActivateDonePage approved={approved} appName={app.name} />,
    });
  }
  return renderPage(c, {
    title: `Connect ${app.name}`,
    body: <ActivateConsentPage app={app} scopes={scopes} userCode={userCode.toUpperCase()} />,
  });
});
