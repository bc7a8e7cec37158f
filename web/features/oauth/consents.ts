/**
 * @module
 * Remembered consent per user and app, and what the Connected Applications page lists (revoking is in
 * revocation.ts).
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { oauthApps, oauthConsents } from "../../db/schema/oauth.ts";
import { formatScopes, readStoredScopes, type Scope } from "./scopes.ts";

/** The scopes this user already granted this app (empty when never asked). */
export async function grantedScopes(db: Db, userId: string, clientId: string): Promise<Scope[]> {
  const [row] = await db.select({ scope: oauthConsents.scope }).from(oauthConsents)
    .where(and(eq(oauthConsents.userId, userId), eq(oauthConsents.clientId, clientId)));
  return row ? readStoredScopes(row.scope) : [];
}

/** Records consent; earlier grants are kept, so consenting to new scopes widens the stored set. */
export async function rememberConsent(db: Db, userId: string, clientId: string, scopes: Scope[], now: Date) {
  const previous = await grantedScopes(db, userId, clientId);
  const scope = formatScopes([...new Set([...previous, ...scopes])]);
  await db.insert(oauthConsents).values({
    id: crypto.randomUUID(),
    userId,
    clientId,
    scope,
    createdAt: now,
    updatedAt: now,
  }).onConflictDoUpdate({
    target: [oauthConsents.userId, oauthConsents.clientId],
    set: { scope, updatedAt: now },
  });
}

export interface ConnectedApp {
  clientId: string;
  name: string;
  websiteUrl: string;
  logoUrl: string | null;
  scopes: Scope[];
  grantedAt: Date;
  lastUsedAt: Date | null;
}

/** The apps a user authorised, most recently used first. */
export async function listConnectedApps(db: Db, userId: string): Promise<ConnectedApp[]> {
  const rows = await db.select({
    clientId: oauthConsents.clientId,
    name: oauthApps.name,
    websiteUrl: oauthApps.websiteUrl,
    logoUrl: oauthApps.logoUrl,
    scope: oauthConsents.scope,
    grantedAt: oauthConsents.createdAt,
    lastUsedAt: oauthConsents.lastUsedAt,
  }).from(oauthConsents).innerJoin(oauthApps, eq(oauthApps.id, oauthConsents.clientId))
    .where(eq(oauthConsents.userId, userId)).orderBy(
      desc(oauthConsents.lastUsedAt),
      desc(oauthConsents.createdAt),
    );
  return rows.map(({ scope, ...row }) => ({ ...row, scopes: readStoredScopes(scope) }));
}
