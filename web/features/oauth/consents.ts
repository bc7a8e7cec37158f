/**
 * @module
 * Remembered consent per user and app, and what the Connected Applications page lists and revokes.
 */
import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { oauthApps, oauthConsents, oauthTokens } from "../../db/schema/oauth.ts";
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

/**
 * "Revoke" on Connected Applications: every token this user gave this app stops working at once and
 * the consent is forgotten, so the next authorization asks again. Returns false when there was nothing
 * to revoke (also when the app is someone else's connection).
 */
export async function revokeConnectedApp(
  db: Db,
  userId: string,
  clientId: string,
  now: Date,
): Promise<boolean> {
  const [, deleted] = await db.batch([
    db.update(oauthTokens).set({ revokedAt: now })
      .where(
        and(
          eq(oauthTokens.userId, userId),
          eq(oauthTokens.clientId, clientId),
          isNull(oauthTokens.revokedAt),
        ),
      ),
    db.delete(oauthConsents).where(
      and(eq(oauthConsents.userId, userId), eq(oauthConsents.clientId, clientId)),
    )
      .returning({ id: oauthConsents.id }),
  ]);
  return deleted.length > 0;
}

/** Revokes every OAuth token of a user (password reset, account lock). */
export async function revokeAllTokensOfUser(db: Db, userId: string, now: Date): Promise<void> {
  await db.update(oauthTokens).set({ revokedAt: now })
    .where(and(eq(oauthTokens.userId, userId), isNull(oauthTokens.revokedAt)));
}
