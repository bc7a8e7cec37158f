/**
 * @module
 * Client authentication at the back-channel endpoints, with brute-force protection (RFC 6749 §2.3.1):
 * failures are counted per client id and per IP in the database, and once a counter is over its limit
 * every attempt — right or wrong — answers 429, so a locked-out guesser learns nothing.
 */
import type { Db } from "../../db/client.ts";
import type { OAuthApp } from "../../db/schema/oauth.ts";
import { consumeRateLimit, type RateLimit } from "../../security/rate_limit.ts";
import { appFromRow, secretMatches } from "./apps.ts";
import { invalidClient, OAuthError } from "./errors.ts";
import type { OAuthSettings } from "./settings.ts";
import type { ClientCredentials } from "./token_request.ts";

/** IPs front many clients (NAT, CI runners), so their allowance is wider than a single client's. */
const IP_ALLOWANCE_FACTOR = 5;

function limitsFor(
  settings: OAuthSettings,
  clientId: string,
  ip: string,
): { key: string; limit: RateLimit }[] {
  const windowMs = settings.clientAuthFailureWindowMs;
  return [
    {
      key: `oauth:client-auth:client:${clientId.slice(0, 100)}`,
      limit: { limit: settings.clientAuthFailureLimit, windowMs },
    },
    {
      key: `oauth:client-auth:ip:${ip}`,
      limit: { limit: settings.clientAuthFailureLimit * IP_ALLOWANCE_FACTOR, windowMs },
    },
  ];
}

/**
 * The app and whether any failure counter is over its limit, in one round trip. The rate limiter only
 * offers consume, which must not run on success, so the counters are read here directly.
 */
async function findAppAndLockout(
  db: Db,
  clientId: string,
  limits: { key: string; limit: RateLimit }[],
  now: Date,
): Promise<{ app: OAuthApp | undefined; locked: boolean }> {
  const lockedClauses = limits.map(() => "(key = ? AND count >= ? AND window_start > ?)").join(" OR ");
  const lockedArgs = limits.flatMap(({ key, limit }) => [key, limit.limit, now.getTime() - limit.windowMs]);
  const { rows } = await db.$client.execute({
    sql: `SELECT EXISTS (SELECT 1 FROM rate_limits WHERE ${lockedClauses}) AS locked, a.*
          FROM (SELECT 1) LEFT JOIN oauth_apps a ON a.id = ?`,
    args: [...lockedArgs, clientId.slice(0, 100)],
  });
  const row = rows[0];
  return { app: row.id === null ? undefined : appFromRow(row), locked: Number(row.locked) === 1 };
}

function tooManyAttempts(): OAuthError {
  return new OAuthError("rate_limited", "too many failed client authentications; try again later", 429, {
    "Retry-After": "60",
  });
}

/** Why the presented credentials do not authenticate `app`, or null when they do. */
function clientAuthFailure(
  app: OAuthApp | undefined,
  client: Exclude<ClientCredentials, { method: "absent" }>,
  allowPublic: boolean,
  now: Date,
): string | null {
  if (!app) return "unknown client";
  if (app.clientType === "public") {
    if (client.method !== "none") return "public clients have no secret";
    return allowPublic ? null : "this endpoint requires a confidential client";
  }
  if (client.method === "none") return "client_secret is required";
  return secretMatches(app, client.clientSecret, now) ? null : "client secret is wrong";
}

export interface ClientAuthOptions {
  ip: string;
  /** Device authorization and token polling accept public clients identified by client_id alone. */
  allowPublic: boolean;
}

/**
 * The authenticated, approved app behind a request, or an OAuthError: 401 `invalid_client` for a bad
 * or missing credential, 429 when locked out, 400 `unauthorized_client` when the app is not approved.
 */
export async function authenticateClient(
  db: Db,
  client: ClientCredentials,
  settings: OAuthSettings,
  now: Date,
  options: ClientAuthOptions,
): Promise<OAuthApp> {
  if (client.method === "absent") throw invalidClient("client authentication is required", false);
  const usedBasic = client.method === "client_secret_basic";
  const limits = limitsFor(settings, client.clientId, options.ip);
  const { app, locked } = await findAppAndLockout(db, client.clientId, limits, now);
  if (locked) throw tooManyAttempts();
  const failure = clientAuthFailure(app, client, options.allowPublic, now);
  if (failure || !app) {
    let locked = false;
    for (const { key, limit } of limits) {
      if (!(await consumeRateLimit(db, key, limit, now)).allowed) locked = true;
    }
    if (locked) throw tooManyAttempts();
    throw invalidClient(failure ?? "unknown client", usedBasic);
  }
  if (app.status !== "approved") {
    throw new OAuthError("unauthorized_client", `app_not_approved: this app is ${app.status}, not approved`);
  }
  return app;
}
