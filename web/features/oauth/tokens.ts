/**
 * @module
 * Authorization codes and tokens: issuing, redeeming (atomically, single use), refresh rotation with
 * reuse detection, validation, revocation and introspection. Every function takes `now` so tests can
 * move time.
 */
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { groupedWriteBatch } from "../../db/write_group.ts";
import { type OAuthApp, oauthCodes, oauthConsents, oauthTokens } from "../../db/schema/oauth.ts";
import { type User, users } from "../../db/schema/users.ts";
import { OAuthError } from "./errors.ts";
import { isValidCodeVerifier, s256Challenge, verifyS256 } from "./pkce.ts";
import { formatScopes, isSubset, readStoredScopes, type Scope } from "./scopes.ts";
import { credentialLookupKey, generateTimeOrderedCredential } from "./secrets.ts";
import type { OAuthSettings } from "./settings.ts";
import { openSuccessor, sealSuccessor } from "./successor_seal.ts";

export interface CodeRequest {
  userId: string;
  clientId: string;
  redirectUri: string;
  scopes: Scope[];
  codeChallenge: string | null;
}

/** Issues a single-use authorization code; only its hash is stored. */
export async function issueAuthorizationCode(
  db: Db,
  request: CodeRequest,
  settings: OAuthSettings,
  now: Date,
): Promise<string> {
  const code = generateTimeOrderedCredential("authorizationCode", now.getTime());
  await db.insert(oauthCodes).values({
    codeHash: credentialLookupKey(code),
    userId: request.userId,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scope: formatScopes(request.scopes),
    codeChallenge: request.codeChallenge,
    expiresAt: new Date(now.getTime() + settings.codeTtlMs),
    createdAt: now,
  });
  return code;
}

/** What a successful grant hands back: the plaintext tokens (shown once) and whose they are. */
export interface IssuedTokens {
  accessToken: string;
  refreshToken: string | null;
  expiresIn: number;
  scopes: Scope[];
  user: ClaimsUser;
}

/** Writes an access token (and a refresh token with offline_access) into a family; a trigger marks the consent used. */
async function issueTokens(
  db: Db,
  grant: { familyId: string; userId: string; clientId: string; scopes: Scope[]; refreshScopes?: Scope[] },
  settings: OAuthSettings,
  now: Date,
): Promise<Omit<IssuedTokens, "user">> {
  const accessToken = generateTimeOrderedCredential("accessToken", now.getTime());
  const refreshScopes = grant.refreshScopes ?? grant.scopes;
  const refreshToken = refreshScopes.includes("offline_access")
    ? generateTimeOrderedCredential("refreshToken", now.getTime())
    : null;
  const base = { familyId: grant.familyId, userId: grant.userId, clientId: grant.clientId, createdAt: now };
  const accessRow = {
    ...base,
    tokenHash: credentialLookupKey(accessToken),
    kind: "access" as "access" | "refresh",
    scope: formatScopes(grant.scopes),
    expiresAt: new Date(now.getTime() + settings.accessTokenTtlMs),
  };
  const rows = [accessRow];
  if (refreshToken) {
    rows.push({
      ...base,
      tokenHash: credentialLookupKey(refreshToken),
      kind: "refresh" as const,
      scope: formatScopes(refreshScopes),
      expiresAt: new Date(now.getTime() + settings.refreshTokenTtlMs),
    });
  }
  await db.insert(oauthTokens).values(rows);
  return {
    accessToken,
    refreshToken,
    expiresIn: Math.floor(settings.accessTokenTtlMs / 1000),
    scopes: grant.scopes,
  };
}

/**
 * A token family id that starts with the time (UUIDv7-like): families made together sit side by side
 * in the family index, so a group of exchanges touches one index page instead of one page each.
 * Family ids are not secrets; the random part only keeps them unique.
 */
function newFamilyId(nowMs: number): string {
  const time = nowMs.toString(16).padStart(12, "0");
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-${crypto.randomUUID().slice(14)}`;
}

async function revokeFamily(db: Db, familyId: string, now: Date): Promise<void> {
  await db.update(oauthTokens).set({ revokedAt: now })
    .where(and(eq(oauthTokens.familyId, familyId), isNull(oauthTokens.revokedAt)));
}

async function loadActiveUser(db: Db, userId: string): Promise<User> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user || user.disabledAt) {
    throw new OAuthError("invalid_grant", "the account behind this grant is not active");
  }
  return user;
}

/** The user fields an app can learn (see user_claims.ts). */
export type ClaimsUser = Pick<
  User,
  "mixeraId" | "email" | "displayName" | "profilePictureKey" | "emailVerifiedAt"
>;

/** The users columns behind {@link ClaimsUser}, for hand-written queries. */
const USER_CLAIM_COLUMNS = ["mixera_id", "email", "display_name", "profile_picture_key", "email_verified_at"];
/** The same columns for a RETURNING clause of a statement on a table with a `user_id` column. */
const USER_CLAIM_SUBQUERIES = USER_CLAIM_COLUMNS
  .map((column) => `(SELECT ${column} FROM users WHERE users.id = user_id) AS ${column}`)
  .join(", ");

/**
 * `grant_type=authorization_code`. The hot path is one libSQL batch — one transaction, one round trip,
 * shared with the exchanges of the same event-loop turn (group commit, see write_group.ts):
 * an UPDATE consumes the code only if every check holds (unused, unexpired, this client, same
 * redirect_uri, matching PKCE challenge, active user, consent not withdrawn) and returns the user's claims; the INSERT … SELECT
 * that follows writes tokens only for the row this request consumed (a trigger marks the consent used).
 * Of two parallel redemptions exactly one wins.
 * When nothing was consumed, {@link explainFailedRedemption} finds out why (and a replay revokes
 * every token the first redemption produced).
 */
export async function exchangeAuthorizationCode(
  db: Db,
  app: OAuthApp,
  params: { code?: string; redirect_uri?: string; code_verifier?: string },
  settings: OAuthSettings,
  now: Date,
): Promise<IssuedTokens> {
  if (!params.code) throw new OAuthError("invalid_request", "code is required");
  if (!params.redirect_uri) throw new OAuthError("invalid_request", "redirect_uri is required");
  if (params.code.length > 200) throw new OAuthError("invalid_grant", "unknown authorization code");
  const codeHash = credentialLookupKey(params.code);
  const challenge = params.code_verifier === undefined ? null : s256Challenge(params.code_verifier);
  const verifierWellFormed = params.code_verifier === undefined || isValidCodeVerifier(params.code_verifier);
  const nowMs = now.getTime();
  const familyId = newFamilyId(nowMs);
  const accessToken = generateTimeOrderedCredential("accessToken", nowMs);
  const refreshToken = generateTimeOrderedCredential("refreshToken", nowMs);
  const ours = [codeHash, familyId];
  const tokenColumns = "token_hash, kind, family_id, user_id, client_id, scope, expires_at, created_at";
  const fromOurCode = "FROM oauth_codes WHERE code_hash = ? AND family_id = ?";
  const [consumed, inserted] = await groupedWriteBatch(db.$client, [
    {
      sql: `UPDATE oauth_codes SET consumed_at = ?, family_id = ?
            WHERE code_hash = ? AND client_id = ? AND consumed_at IS NULL AND expires_at > ?
              AND redirect_uri = ? AND code_challenge IS ? AND ?
              AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)
              AND EXISTS (SELECT 1 FROM oauth_consents c
                          WHERE c.user_id = oauth_codes.user_id AND c.client_id = oauth_codes.client_id)
            RETURNING scope, ${USER_CLAIM_SUBQUERIES}`,
      args: [
        nowMs,
        familyId,
        codeHash,
        app.id,
        nowMs,
        params.redirect_uri,
        challenge,
        verifierWellFormed ? 1 : 0,
      ],
    },
    {
      sql: `INSERT INTO oauth_tokens (${tokenColumns})
            SELECT ?, 'access', family_id, user_id, client_id, scope, ?, ? ${fromOurCode}
            UNION ALL
            SELECT ?, 'refresh', family_id, user_id, client_id, scope, ?, ? ${fromOurCode}
              AND ' ' || scope || ' ' LIKE '% offline_access %'`,
      args: [
        credentialLookupKey(accessToken),
        nowMs + settings.accessTokenTtlMs,
        nowMs,
        ...ours,
        credentialLookupKey(refreshToken),
        nowMs + settings.refreshTokenTtlMs,
        nowMs,
        ...ours,
      ],
    },
  ]);
  if (consumed.rows.length === 0) return await explainFailedRedemption(db, app, codeHash, params, now);
  return {
    accessToken,
    refreshToken: inserted.rowsAffected === 2 ? refreshToken : null,
    expiresIn: Math.floor(settings.accessTokenTtlMs / 1000),
    scopes: readStoredScopes(String(consumed.rows[0].scope)),
    user: claimsUserFromRow(consumed.rows[0]),
  };
}

/** Why a code could not be redeemed, as the right OAuth error; a replayed code revokes its tokens. */
async function explainFailedRedemption(
  db: Db,
  app: OAuthApp,
  codeHash: string,
  params: { redirect_uri?: string; code_verifier?: string },
  now: Date,
): Promise<never> {
  const [code] = await db.select().from(oauthCodes)
    .where(and(eq(oauthCodes.codeHash, codeHash), eq(oauthCodes.clientId, app.id)));
  if (!code) throw new OAuthError("invalid_grant", "unknown authorization code");
  if (code.consumedAt) {
    if (code.familyId) await revokeFamily(db, code.familyId, now);
    throw new OAuthError("invalid_grant", "authorization code was already used");
  }
  if (code.expiresAt.getTime() <= now.getTime()) {
    throw new OAuthError("invalid_grant", "authorization code expired");
  }
  if (code.redirectUri !== params.redirect_uri) {
    throw new OAuthError("invalid_grant", "redirect_uri differs from the one in the authorization request");
  }
  if (!code.codeChallenge && params.code_verifier !== undefined) {
    throw new OAuthError(
      "invalid_request",
      "code_verifier sent but the authorization request had no code_challenge",
    );
  }
  if (code.codeChallenge && params.code_verifier === undefined) {
    throw new OAuthError("invalid_grant", "code_verifier is required (PKCE)");
  }
  if (code.codeChallenge && !verifyS256(params.code_verifier ?? "", code.codeChallenge)) {
    throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
  }
  await loadActiveUser(db, code.userId);
  if (!(await hasConsent(db, code.userId, app.id))) {
    throw new OAuthError("invalid_grant", "the user withdrew consent for this app");
  }
  throw new OAuthError("invalid_grant", "authorization code was already used");
}

/**
 * `grant_type=refresh_token` with rotation. A rotated token presented again within the grace window
 * (a client that lost the response) gets the same successor once, never a new pair; after the window
 * the whole family is revoked.
 */
export async function refreshTokens(
  db: Db,
  app: OAuthApp,
  params: { refresh_token?: string; scope?: string },
  requestedScopes: Scope[] | null,
  settings: OAuthSettings,
  now: Date,
): Promise<IssuedTokens> {
  if (!params.refresh_token) throw new OAuthError("invalid_request", "refresh_token is required");
  const presented = params.refresh_token;
  const tokenHash = credentialLookupKey(presented);
  const [token] = await db.update(oauthTokens).set({ rotatedAt: now }).where(and(
    eq(oauthTokens.tokenHash, tokenHash),
    eq(oauthTokens.kind, "refresh"),
    eq(oauthTokens.clientId, app.id),
    isNull(oauthTokens.rotatedAt),
    isNull(oauthTokens.revokedAt),
  )).returning();
  if (!token) return await replayWithinGrace(db, app, presented, tokenHash, settings, now);
  if (token.expiresAt.getTime() <= now.getTime()) {
    throw new OAuthError("invalid_grant", "refresh token expired");
  }
  const granted = readStoredScopes(token.scope);
  if (requestedScopes && !isSubset(requestedScopes, granted)) {
    // A refused request must not use the token up: the client may retry with a valid scope.
    await db.update(oauthTokens).set({ rotatedAt: null })
      .where(and(eq(oauthTokens.tokenHash, tokenHash), eq(oauthTokens.rotatedAt, now)));
    throw new OAuthError("invalid_scope", "a refresh cannot widen the granted scope");
  }
  const user = await loadActiveUser(db, token.userId);
  const issued = await issueTokens(
    db,
    {
      familyId: token.familyId,
      userId: token.userId,
      clientId: app.id,
      scopes: requestedScopes ?? granted,
      refreshScopes: granted,
    },
    settings,
    now,
  );
  const successorSealed = await sealSuccessor(presented, {
    accessToken: issued.accessToken,
    refreshToken: issued.refreshToken,
    accessExpiresAtMs: now.getTime() + settings.accessTokenTtlMs,
    scope: formatScopes(issued.scopes),
  });
  await db.update(oauthTokens).set({ successorSealed }).where(eq(oauthTokens.tokenHash, tokenHash));
  return { ...issued, user };
}

/**
 * A refresh token that was not rotatable: unknown, revoked, or already rotated. Within the grace
 * window the successor sealed at rotation is handed out once (taking it clears it, atomically); any
 * other reuse inside the window is refused without harm, and reuse after it revokes the family.
 */
async function replayWithinGrace(
  db: Db,
  app: OAuthApp,
  presented: string,
  tokenHash: string,
  settings: OAuthSettings,
  now: Date,
): Promise<IssuedTokens> {
  const [existing] = await db.select().from(oauthTokens).where(and(
    eq(oauthTokens.tokenHash, tokenHash),
    eq(oauthTokens.kind, "refresh"),
    eq(oauthTokens.clientId, app.id),
  ));
  if (!existing || existing.revokedAt || !existing.rotatedAt) {
    throw new OAuthError("invalid_grant", "refresh token is invalid or revoked");
  }
  if (now.getTime() - existing.rotatedAt.getTime() > settings.refreshReuseGraceMs) {
    await revokeFamily(db, existing.familyId, now);
    throw new OAuthError("invalid_grant", "refresh token was already used; the grant has been revoked");
  }
  // RETURNING shows the row after the update, so the sealed copy read above is cleared by
  // compare-and-set: of parallel replays, only the one whose UPDATE matched may hand it out.
  const sealed = existing.successorSealed;
  const taken = sealed === null ? [] : await db.update(oauthTokens).set({ successorSealed: null })
    .where(and(eq(oauthTokens.tokenHash, tokenHash), eq(oauthTokens.successorSealed, sealed)))
    .returning({ tokenHash: oauthTokens.tokenHash });
  const successor = sealed !== null && taken.length === 1 ? await openSuccessor(presented, sealed) : null;
  if (!successor) {
    throw new OAuthError(
      "invalid_grant",
      "refresh token was already used; use the refresh token issued for it",
    );
  }
  return {
    accessToken: successor.accessToken,
    refreshToken: successor.refreshToken,
    expiresIn: Math.max(0, Math.floor((successor.accessExpiresAtMs - now.getTime()) / 1000)),
    scopes: readStoredScopes(successor.scope),
    user: await loadActiveUser(db, existing.userId),
  };
}

/** Whether the user's consent for this app still stands (Connected Apps "Revoke" deletes it). */
async function hasConsent(db: Db, userId: string, clientId: string): Promise<boolean> {
  const [row] = await db.select({ id: oauthConsents.id }).from(oauthConsents)
    .where(and(eq(oauthConsents.userId, userId), eq(oauthConsents.clientId, clientId)));
  return row !== undefined;
}

/** Issues the first tokens of a device-flow grant, if the approval's consent still stands. */
export async function issueDeviceGrantTokens(
  db: Db,
  grant: { userId: string; clientId: string; scopes: Scope[] },
  settings: OAuthSettings,
  now: Date,
): Promise<IssuedTokens> {
  const user = await loadActiveUser(db, grant.userId);
  if (!(await hasConsent(db, grant.userId, grant.clientId))) {
    throw new OAuthError("access_denied", "the user withdrew consent for this app");
  }
  const issued = await issueTokens(db, { familyId: newFamilyId(now.getTime()), ...grant }, settings, now);
  return { ...issued, user };
}

export interface ValidAccessToken {
  user: ClaimsUser;
  scopes: Scope[];
}

/**
 * Resolves a Bearer token, or null when it is unknown, expired, revoked or its user is disabled.
 * One hand-written query: this runs on every API call, and the query builder costs more than the lookup.
 */
export async function validateAccessToken(
  db: Db,
  presented: string,
  now: Date,
): Promise<ValidAccessToken | null> {
  if (presented.length > 200) return null;
  const { rows } = await db.$client.execute({
    sql: `SELECT t.scope, u.mixera_id, u.email, u.display_name, u.profile_picture_key, u.email_verified_at
          FROM oauth_tokens t JOIN users u ON u.id = t.user_id
          WHERE t.token_hash = ? AND t.kind = 'access' AND t.revoked_at IS NULL AND t.expires_at > ?
            AND u.disabled_at IS NULL`,
    args: [credentialLookupKey(presented), now.getTime()],
  });
  const row = rows[0];
  if (!row) return null;
  return { user: claimsUserFromRow(row), scopes: readStoredScopes(String(row.scope)) };
}

/** The claims fields from a raw row carrying USER_CLAIM_COLUMNS. */
function claimsUserFromRow(row: Record<string, unknown>): ClaimsUser {
  return {
    mixeraId: String(row.mixera_id),
    email: String(row.email),
    displayName: String(row.display_name),
    profilePictureKey: row.profile_picture_key === null ? null : String(row.profile_picture_key),
    emailVerifiedAt: row.email_verified_at === null ? null : new Date(Number(row.email_verified_at)),
  };
}

/**
 * RFC 7009: revokes a token the client owns. Revoking a refresh token kills its whole family (the
 * access tokens issued with it included); revoking an access token kills only that token. Unknown
 * tokens and other clients' tokens are silently ignored.
 */
export async function revokeToken(db: Db, app: OAuthApp, presented: string, now: Date): Promise<void> {
  if (presented.length > 200) return;
  const [token] = await db.select().from(oauthTokens)
    .where(and(eq(oauthTokens.tokenHash, credentialLookupKey(presented)), eq(oauthTokens.clientId, app.id)));
  if (!token || token.revokedAt) return;
  if (token.kind === "refresh") await revokeFamily(db, token.familyId, now);
  else await db.update(oauthTokens).set({ revokedAt: now }).where(eq(oauthTokens.tokenHash, token.tokenHash));
}

/**
 * RFC 7662 response for a token the calling client owns; anything else is `{active: false}`. It tells
 * the client no more than the token's scopes would: the email (as `username`) only with `email`.
 */
export async function introspectToken(
  db: Db,
  app: OAuthApp,
  presented: string,
  settings: OAuthSettings,
  now: Date,
): Promise<Record<string, unknown>> {
  if (presented.length > 200) return { active: false };
  const [row] = await db.select({ token: oauthTokens, user: users }).from(oauthTokens)
    .innerJoin(users, eq(users.id, oauthTokens.userId))
    .where(and(eq(oauthTokens.tokenHash, credentialLookupKey(presented)), eq(oauthTokens.clientId, app.id)));
  if (!row || row.token.revokedAt || row.user.disabledAt || row.token.expiresAt.getTime() <= now.getTime()) {
    return { active: false };
  }
  if (row.token.kind === "refresh" && row.token.rotatedAt) return { active: false };
  return {
    active: true,
    scope: row.token.scope,
    client_id: app.id,
    ...(readStoredScopes(row.token.scope).includes("email") ? { username: row.user.email } : {}),
    token_type: row.token.kind === "access" ? "Bearer" : "refresh_token",
    exp: Math.floor(row.token.expiresAt.getTime() / 1000),
    iat: Math.floor(row.token.createdAt.getTime() / 1000),
    sub: row.user.mixeraId,
    iss: settings.issuer,
  };
}
