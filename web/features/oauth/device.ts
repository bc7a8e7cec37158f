/**
 * @module
 * The device authorization grant (RFC 8628) for controllers and other devices without a browser:
 * the device gets a device code and a short user code, the person types the user code on /activate,
 * and the device polls the token endpoint until the person approves or denies.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type OAuthApp, type OAuthDeviceRequest, oauthDeviceRequests } from "../../db/schema/oauth.ts";
import { OAuthError } from "./errors.ts";
import { formatScopes, readStoredScopes, type Scope } from "./scopes.ts";
import { generateCredential, generateUserCode, hashCredential, normalizeUserCode } from "./secrets.ts";
import type { OAuthSettings } from "./settings.ts";
import { issueDeviceGrantTokens, type IssuedTokens } from "./tokens.ts";

export const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";

/** RFC 8628 §3.5: each slow_down adds 5 seconds to the interval. */
const SLOW_DOWN_STEP_SEC = 5;

export interface DeviceAuthorization {
  device_code: string;
  user_code: string;
  verification_uri: string;
  verification_uri_complete: string;
  expires_in: number;
  interval: number;
}

/** Starts a device authorization (RFC 8628 §3.1–3.2). */
export async function startDeviceAuthorization(
  db: Db,
  app: OAuthApp,
  scopes: Scope[],
  settings: OAuthSettings,
  now: Date,
): Promise<DeviceAuthorization> {
  const deviceCode = generateCredential("deviceCode");
  const userCode = generateUserCode();
  await db.insert(oauthDeviceRequests).values({
    deviceCodeHash: hashCredential(deviceCode),
    userCodeHash: hashCredential(userCode),
    clientId: app.id,
    scope: formatScopes(scopes),
    status: "pending",
    intervalSeconds: settings.devicePollIntervalSec,
    expiresAt: new Date(now.getTime() + settings.deviceCodeTtlMs),
    createdAt: now,
  });
  const verificationUri = `${settings.issuer}/activate`;
  return {
    device_code: deviceCode,
    user_code: userCode,
    verification_uri: verificationUri,
    verification_uri_complete: `${verificationUri}?user_code=${encodeURIComponent(userCode)}`,
    expires_in: Math.floor(settings.deviceCodeTtlMs / 1000),
    interval: settings.devicePollIntervalSec,
  };
}

/** The pending, unexpired request behind what a person typed on /activate, if any. */
export async function findPendingDeviceRequest(
  db: Db,
  typedUserCode: string,
  now: Date,
): Promise<OAuthDeviceRequest | undefined> {
  const userCode = normalizeUserCode(typedUserCode);
  if (!userCode) return undefined;
  const [request] = await db.select().from(oauthDeviceRequests)
    .where(eq(oauthDeviceRequests.userCodeHash, hashCredential(userCode)));
  if (!request || request.status !== "pending" || request.expiresAt.getTime() <= now.getTime()) {
    return undefined;
  }
  return request;
}

/** Records the signed-in person's decision on a pending request. Returns false when it is no longer pending. */
export async function decideDeviceRequest(
  db: Db,
  deviceCodeHash: string,
  userId: string,
  approve: boolean,
  now: Date,
): Promise<boolean> {
  const [request] = await db.select().from(oauthDeviceRequests)
    .where(eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash));
  if (!request || request.status !== "pending" || request.expiresAt.getTime() <= now.getTime()) return false;
  const updated = await db.update(oauthDeviceRequests).set({
    status: approve ? "approved" : "denied",
    userId,
  })
    .where(
      and(eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash), eq(oauthDeviceRequests.status, "pending")),
    )
    .returning({ hash: oauthDeviceRequests.deviceCodeHash });
  return updated.length > 0;
}

/**
 * One poll of the token endpoint with the device code grant (RFC 8628 §3.4–3.5): polling faster than
 * the interval answers `slow_down` and widens the interval; an approved request is consumed exactly once.
 */
export async function pollDeviceToken(
  db: Db,
  app: OAuthApp,
  deviceCode: string | undefined,
  settings: OAuthSettings,
  now: Date,
): Promise<IssuedTokens> {
  if (!deviceCode) throw new OAuthError("invalid_request", "device_code is required");
  const deviceCodeHash = hashCredential(deviceCode);
  const [request] = await db.select().from(oauthDeviceRequests).where(and(
    eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash),
    eq(oauthDeviceRequests.clientId, app.id),
  ));
  if (!request) throw new OAuthError("invalid_grant", "unknown device_code");
  if (request.expiresAt.getTime() <= now.getTime()) {
    throw new OAuthError("expired_token", "the device code expired");
  }
  const tooSoon = request.lastPolledAt !== null &&
    now.getTime() - request.lastPolledAt.getTime() < request.intervalSeconds * 1000;
  if (tooSoon && request.status === "pending") {
    const intervalSeconds = request.intervalSeconds + SLOW_DOWN_STEP_SEC;
    await db.update(oauthDeviceRequests).set({ intervalSeconds, lastPolledAt: now })
      .where(eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash));
    throw new OAuthError("slow_down", `polling too fast; wait ${intervalSeconds} s between requests`);
  }
  await db.update(oauthDeviceRequests).set({ lastPolledAt: now })
    .where(eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash));
  if (request.status === "pending") {
    throw new OAuthError("authorization_pending", "the user has not decided yet");
  }
  if (request.status === "denied") throw new OAuthError("access_denied", "the user denied the request");
  if (request.status === "consumed") {
    throw new OAuthError("invalid_grant", "the device code was already used");
  }
  const consumed = await db.update(oauthDeviceRequests).set({ status: "consumed" })
    .where(
      and(eq(oauthDeviceRequests.deviceCodeHash, deviceCodeHash), eq(oauthDeviceRequests.status, "approved")),
    )
    .returning({ userId: oauthDeviceRequests.userId });
  if (consumed.length === 0 || !consumed[0].userId) {
    throw new OAuthError("invalid_grant", "the device code was already used");
  }
  return await issueDeviceGrantTokens(
    db,
    {
      userId: consumed[0].userId,
      clientId: app.id,
      scopes: readStoredScopes(request.scope),
    },
    settings,
    now,
  );
}
