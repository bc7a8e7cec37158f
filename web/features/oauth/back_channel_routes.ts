/**
 * @module
 * The OAuth back channel: the token, userinfo, revocation, introspection and device-authorization
 * endpoints, which programs call with their own credentials (client secrets, bearer tokens). They
 * read no cookies; web/app.ts mounts them ahead of the browser's CSRF check and session.
 */
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { clientIp } from "../../http/client_ip.ts";
import { enforceRateLimits } from "../../http/too_many_requests.ts";
import { authenticateClient } from "./client_auth.ts";
import { DEVICE_CODE_GRANT, pollDeviceToken, startDeviceAuthorization } from "./device.ts";
import { bearerChallengeResponse, NO_STORE_HEADERS, OAuthError } from "./errors.ts";
import { parseScope } from "./scopes.ts";
import { type OAuthSettings, settingsOf } from "./settings.ts";
import { readBackChannelRequest } from "./token_request.ts";
import {
  exchangeAuthorizationCode,
  introspectToken,
  type IssuedTokens,
  refreshTokens,
  revokeToken,
  validateAccessToken,
} from "./tokens.ts";
import { userClaims } from "./user_claims.ts";

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

/** The original API's token response (with its `user` object) plus the RFC 6749 fields. */
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

/**
 * The back channel: endpoints programs call with their own credentials (client secrets, bearer
 * tokens). They read no cookies; the app mounts them where the browser's CSRF check and session do
 * not run (web/app.ts).
 */
export const oauthBackChannelRoutes = new Hono<AppEnv>();

oauthBackChannelRoutes.post("/api/oauth/token", async (c) => {
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
  await enforceRateLimits(c, [
    [`oauth:device-poll:ip:${clientIp(c)}`, DEVICE_POLL_IP_LIMIT],
    [`oauth:device-poll:client:${app.id}`, DEVICE_POLL_CLIENT_LIMIT],
  ], () => new OAuthError("slow_down", "too many device polls; wait before polling again"));
  return tokenResponse(await pollDeviceToken(db, app, params.device_code, settings, now), settings);
});

async function userinfo<E extends AppEnv>(c: Context<E>): Promise<Response> {
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

oauthBackChannelRoutes.get("/api/oauth/userinfo", userinfo);
oauthBackChannelRoutes.post("/api/oauth/userinfo", userinfo);

/**
 * Reads a back-channel request and authenticates the client behind it (throwing the OAuthError for
 * either); `allowPublic` lets clients without a secret call the endpoint.
 */
async function authenticatedBackChannel<E extends AppEnv>(
  c: Context<E>,
  { allowPublic }: { allowPublic: boolean },
) {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const settings = settingsOf(c);
  const { params, client } = await readBackChannelRequest(c.req.raw);
  const app = await authenticateClient(db, client, settings, now, { ip: clientIp(c), allowPublic });
  return { db, now, settings, params, app };
}

oauthBackChannelRoutes.post("/api/oauth/revoke", async (c) => {
  const { db, now, params, app } = await authenticatedBackChannel(c, { allowPublic: true });
  if (!params.token) throw new OAuthError("invalid_request", "token is required");
  await revokeToken(db, app, params.token, now);
  return new Response(null, { status: 200, headers: NO_STORE_HEADERS });
});

oauthBackChannelRoutes.post("/api/oauth/introspect", async (c) => {
  const { db, now, settings, params, app } = await authenticatedBackChannel(c, { allowPublic: false });
  if (!params.token) throw new OAuthError("invalid_request", "token is required");
  return Response.json(await introspectToken(db, app, params.token, settings, now), {
    headers: NO_STORE_HEADERS,
  });
});

oauthBackChannelRoutes.post("/api/oauth/device_authorization", async (c) => {
  const { db, now, settings, params, app } = await authenticatedBackChannel(c, { allowPublic: true });
  await enforceRateLimits(
    c,
    [
      [`oauth:device-start:ip:${clientIp(c)}`, DEVICE_START_IP_LIMIT],
      [`oauth:device-start:client:${app.id}`, DEVICE_START_CLIENT_LIMIT],
    ],
    (retryAfterSec) =>
      new OAuthError("rate_limited", "too many device authorizations; try again later", 429, {
        "Retry-After": String(retryAfterSec),
      }),
  );
  const scope = parseScope(params.scope);
  if (!scope.ok) {
    throw new OAuthError("invalid_scope", scope.description);
  }
  return Response.json(await startDeviceAuthorization(db, app, scope.scopes, settings, now), {
    headers: NO_STORE_HEADERS,
  });
});
