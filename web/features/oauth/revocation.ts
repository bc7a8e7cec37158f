/**
 * @module
 * Taking OAuth access away, including what is still in flight: live tokens are revoked, authorization
 * codes not yet redeemed are deleted and device approvals not yet polled become denials, so nothing
 * issued before the revocation can mint a token after it. Redemption also re-checks that the consent
 * still stands (tokens.ts, device.ts), which covers a code issued while the revocation runs.
 * Revoked tokens stay revoked: re-enabling an account or re-approving an app revives nothing.
 */
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { oauthCodes, oauthConsents, oauthDeviceRequests, oauthTokens } from "../../db/schema/oauth.ts";

/** Whose grants end: one user's with every app or with one app, or every user's with one app. */
type Holder = { userId: string; clientId?: string } | { userId?: undefined; clientId: string };

type GrantTable = typeof oauthTokens | typeof oauthCodes | typeof oauthDeviceRequests | typeof oauthConsents;

function heldBy(table: GrantTable, holder: Holder) {
  return and(
    holder.userId === undefined ? undefined : eq(table.userId, holder.userId),
    holder.clientId === undefined ? undefined : eq(table.clientId, holder.clientId),
  );
}

/**
 * One transaction that ends the holder's tokens, unredeemed codes and device approvals, and with
 * `forgetConsent` the remembered consent (so the next authorization asks again). Returns how many
 * consents were forgotten.
 */
async function endGrants(db: Db, holder: Holder, now: Date, forgetConsent: boolean): Promise<number> {
  // A pending device request has no user yet; only an app-wide revocation can reach it.
  const voidedStatuses: ("pending" | "approved")[] = holder.userId === undefined
    ? ["pending", "approved"]
    : ["approved"];
  const revokeTokens = db.update(oauthTokens).set({ revokedAt: now })
    .where(and(heldBy(oauthTokens, holder), isNull(oauthTokens.revokedAt)));
  const deleteCodes = db.delete(oauthCodes)
    .where(and(heldBy(oauthCodes, holder), isNull(oauthCodes.consumedAt)));
  const denyDevices = db.update(oauthDeviceRequests).set({ status: "denied" })
    .where(and(heldBy(oauthDeviceRequests, holder), inArray(oauthDeviceRequests.status, voidedStatuses)));
  if (!forgetConsent) {
    await db.batch([revokeTokens, deleteCodes, denyDevices]);
    return 0;
  }
  const deleteConsents = db.delete(oauthConsents).where(heldBy(oauthConsents, holder))
    .returning({ id: oauthConsents.id });
  const [, , , forgotten] = await db.batch([revokeTokens, deleteCodes, denyDevices, deleteConsents]);
  return forgotten.length;
}

/**
 * "Revoke" on Connected Applications: everything this user gave this app stops working at once and
 * the consent is forgotten. Returns false when there was no consent (also for someone else's app).
 */
export async function revokeConnectedApp(
  db: Db,
  userId: string,
  clientId: string,
  now: Date,
): Promise<boolean> {
  return (await endGrants(db, { userId, clientId }, now, true)) > 0;
}

/**
 * Ends every OAuth grant of a user — password reset or change, account disabled — for good. Consents
 * stay: the user still trusts those apps, but each must sign in again.
 */
export async function revokeAllOAuthAccessOfUser(db: Db, userId: string, now: Date): Promise<void> {
  await endGrants(db, { userId }, now, false);
}

/** An admin denied or revoked an app: every user's grant ends and every consent is forgotten. */
export async function revokeAllAccessToApp(db: Db, clientId: string, now: Date): Promise<void> {
  await endGrants(db, { clientId }, now, true);
}
