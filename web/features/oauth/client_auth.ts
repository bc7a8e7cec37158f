/**
 * @module
 * Client authentication at the back-channel endpoints, with brute-force protection (RFC 6749 §2.3.1).
 * Credentials are verified first: a correct secret (or a public client's bare client_id) always gets
 * through, so nobody can lock an app out by sending wrong secrets for its client_id. Only failures
 * are counted, per client id *and source* and per source, so a guesser locks out only itself; a
 * locked-out source gets 429 for every further wrong guess. Secrets carry 256 random bits, so the
 * limit is there to bound load and noise, not to make guessing feasible or infeasible.
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

function failureLimitsFor(
  settings: OAuthSettings,
  clientId: string,
  ip: string,
): { key: string; limit: RateLimit }[] {
  const windowMs = settings.clientAuthFailureWindowMs;
  return [
    {
      key: `oauth:client-auth:client-ip:${clientId.slice(0, 100)}:${ip}`,
      limit: { limit: settings.clientAuthFailureLimit, windowMs },
    },
    {
      key: `oauth:client-auth:ip:${ip}`,
      limit: { limit: settings.clientAuthFailureLimit * IP_ALLOWANCE_FACTOR, windowMs },
    },
  ];
}

/** The app behind a client id; a hand-written query, since every back-channel call starts here. */
async function findClientApp(db: Db, clientId: string): Promise<OAuthApp | undefined> {
  if (clientId.length > 100) return undefined;
  const { rows } = await db.$client.execute({
    sql: "SELECT * FROM oauth_apps WHERE id = ?",
    args: [clientId],
  });
  return rows[0] ? appFromRow(rows[0]) : undefined;
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
 * or missing credential, 429 when this source failed too often, 400 `unauthorized_client` when the app
 * is not approved.
 */
export async function authenticateClient(
  db: Db,
  client: ClientCredentials,
  settings: OAuthSettings,
  now: Date,
  options: ClientAuthOptions,
): Promise<OAuthApp> {
  if (client.method === "absent") throw invalidClient("client authentication is required", false);
  const app = await findClientApp(db, client.clientId);
  const failure = clientAuthFailure(app, client, options.allowPublic, now);
  if (failure || !app) {
    // A public client has no secret to guess: a wrong one is refused without counting anything.
    if (app?.clientType !== "public") {
      let locked = false;
      for (const { key, limit } of failureLimitsFor(settings, client.clientId, options.ip)) {
        if (!(await consumeRateLimit(db, key, limit, now)).allowed) locked = true;
      }
      if (locked) throw tooManyAttempts();
    }
    throw invalidClient(failure ?? "unknown client", client.method === "client_secret_basic");
  }
  if (app.status !== "approved") {
    throw new OAuthError("unauthorized_client", `app_not_approved: this app is ${app.status}, not approved`);
  }
  return app;
}
