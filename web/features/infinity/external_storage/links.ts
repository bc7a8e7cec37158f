/**
 * @module
 * Linking Google Drive or Dropbox: the authorization request (state and PKCE verifier in a short-lived
 * cookie), the callback (state compared in constant time, code exchanged with arctic, the account read,
 * tokens sealed and stored), unlinking, and a current access token for the storage adapters
 * (refreshed with the refresh token when it has expired).
 */
import { CodeChallengeMethod, generateCodeVerifier, generateState } from "arctic";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { AppDeps } from "../../../context.ts";
import type { Db } from "../../../db/client.ts";
import {
  type ExternalProvider,
  type ExternalStorageLink,
  externalStorageLinks,
} from "../../../db/schema/external_storage.ts";
import { secretsEqual } from "../../../auth/secrets.ts";
import { endpointsFor, oauthClientFor, PROVIDERS } from "./providers.ts";
import { expectOk, ProviderError, providerFetch, readJson } from "./provider_http.ts";
import { openToken, sealToken } from "./sealed_tokens.ts";

/** What the link cookie carries between the redirect and the callback. */
export interface PendingLink {
  provider: ExternalProvider;
  state: string;
  codeVerifier: string;
}

export function encodePendingLink(pending: PendingLink): string {
  return `${pending.provider}.${pending.state}.${pending.codeVerifier}`;
}

export function decodePendingLink(value: string | undefined): PendingLink | undefined {
  const [provider, state, codeVerifier, ...rest] = (value ?? "").split(".");
  if (rest.length || !state || !codeVerifier || (provider !== "google_drive" && provider !== "dropbox")) {
    return;
  }
  return { provider, state, codeVerifier };
}

/** The provider's authorization URL and what the callback must find in the cookie; undefined when not configured. */
export function startLink(
  config: AppDeps["config"],
  provider: ExternalProvider,
): { url: URL; pending: PendingLink } | undefined {
  const client = oauthClientFor(config, provider);
  if (!client) return undefined;
  const info = PROVIDERS[provider];
  const state = generateState();
  const codeVerifier = generateCodeVerifier();
  const authorize = endpointsFor(config, provider).authorize;
  const url = info.pkce
    ? client.createAuthorizationURLWithPKCE(
      authorize,
      state,
      CodeChallengeMethod.S256,
      codeVerifier,
      info.scopes,
    )
    : client.createAuthorizationURL(authorize, state, info.scopes);
  for (const [name, value] of Object.entries(info.offlineParams)) url.searchParams.set(name, value);
  return { url, pending: { provider, state, codeVerifier } };
}

const googleAbout = z.object({ user: z.object({ emailAddress: z.string().max(320) }) });
const dropboxAccount = z.object({ email: z.string().max(320) });

async function accountLabel(config: AppDeps["config"], provider: ExternalProvider, accessToken: string) {
  const { api } = endpointsFor(config, provider);
  if (provider === "google_drive") {
    const response = await providerFetch(`${api}/drive/v3/about?fields=user(emailAddress)`, accessToken);
    return googleAbout.parse(await readJson(await expectOk(response, "Reading the Google account"))).user
      .emailAddress;
  }
  const response = await providerFetch(`${api}/2/users/get_current_account`, accessToken, { method: "POST" });
  return dropboxAccount.parse(await readJson(await expectOk(response, "Reading the Dropbox account"))).email;
}

export type FinishResult = { ok: true; link: ExternalStorageLink } | { ok: false; message: string };

const owner = (userId: string, provider: ExternalProvider) => `${userId}:${provider}`;

/**
 * Completes a link from the provider's redirect back to the portal.
 *
 * @example
 * const result = await finishLink(c.var.deps, user.id, pending, c.req.query("state"), c.req.query("code"));
 */
export async function finishLink(
  { db, config, clock }: Pick<AppDeps, "db" | "config" | "clock">,
  userId: string,
  pending: PendingLink | undefined,
  provider: ExternalProvider,
  query: { state?: string; code?: string; error?: string },
): Promise<FinishResult> {
  const name = PROVIDERS[provider].name;
  if (query.error) {
    return { ok: false, message: `${name} did not grant access (${query.error.slice(0, 60)}).` };
  }
  if (
    !pending || pending.provider !== provider || !query.state || !secretsEqual(pending.state, query.state)
  ) {
    return {
      ok: false,
      message: "The link request expired or did not come from this browser. Please try again.",
    };
  }
  const client = oauthClientFor(config, provider);
  const tokenKey = config.externalStorage.tokenKey;
  if (!client || !tokenKey || !query.code || query.code.length > 2048) {
    return { ok: false, message: `${name} did not send a usable answer. Please try again.` };
  }
  try {
    const tokens = await client.validateAuthorizationCode(
      endpointsFor(config, provider).token,
      query.code,
      PROVIDERS[provider].pkce ? pending.codeVerifier : null,
    );
    const accessToken = tokens.accessToken();
    const label = await accountLabel(config, provider, accessToken);
    const now = clock.now();
    const expiresIn = "expires_in" in tokens.data ? tokens.accessTokenExpiresInSeconds() : undefined;
    const link: ExternalStorageLink = {
      userId,
      provider,
      accountLabel: label,
      accessToken: await sealToken(tokenKey, owner(userId, provider), accessToken),
      refreshToken: tokens.hasRefreshToken()
        ? await sealToken(tokenKey, owner(userId, provider), tokens.refreshToken())
        : null,
      accessExpiresAt: expiresIn === undefined ? null : new Date(now.getTime() + expiresIn * 1000),
      linkedAt: now,
    };
    await db.insert(externalStorageLinks).values(link).onConflictDoUpdate({
      target: externalStorageLinks.userId,
      set: link,
    });
    return { ok: true, link };
  } catch (error) {
    console.error(`Linking ${name} failed:`, error);
    return { ok: false, message: `${name} refused the link. Please try again.` };
  }
}

export async function readLink(db: Db, userId: string): Promise<ExternalStorageLink | undefined> {
  const [link] = await db.select().from(externalStorageLinks).where(eq(externalStorageLinks.userId, userId));
  return link;
}

export async function unlink(db: Db, userId: string): Promise<boolean> {
  const removed = await db.delete(externalStorageLinks).where(eq(externalStorageLinks.userId, userId))
    .returning({
      userId: externalStorageLinks.userId,
    });
  return removed.length === 1;
}

/** Refresh a little before the provider's expiry, so a request does not start with a token about to lapse. */
const EXPIRY_MARGIN_MS = 60_000;

/** A usable access token for the link, refreshed and stored again when it has expired. */
export async function currentAccessToken(
  { db, config, clock }: Pick<AppDeps, "db" | "config" | "clock">,
  link: ExternalStorageLink,
): Promise<string> {
  const tokenKey = config.externalStorage.tokenKey;
  const client = oauthClientFor(config, link.provider);
  if (!tokenKey || !client) throw new ProviderError(`${PROVIDERS[link.provider].name} is not configured`);
  const sealedOwner = owner(link.userId, link.provider);
  const now = clock.now();
  const fresh = !link.accessExpiresAt || link.accessExpiresAt.getTime() - EXPIRY_MARGIN_MS > now.getTime();
  if (fresh) {
    const token = await openToken(tokenKey, sealedOwner, link.accessToken);
    if (token) return token;
  }
  const refreshToken = link.refreshToken && await openToken(tokenKey, sealedOwner, link.refreshToken);
  if (!refreshToken) throw new ProviderError("The link has expired; connect the storage again");
  const tokens = await client.refreshAccessToken(endpointsFor(config, link.provider).token, refreshToken, []);
  const accessToken = tokens.accessToken();
  const expiresIn = "expires_in" in tokens.data ? tokens.accessTokenExpiresInSeconds() : undefined;
  await db.update(externalStorageLinks).set({
    accessToken: await sealToken(tokenKey, sealedOwner, accessToken),
    // Providers that rotate refresh tokens send a new one; the others keep the old one valid.
    ...(tokens.hasRefreshToken()
      ? { refreshToken: await sealToken(tokenKey, sealedOwner, tokens.refreshToken()) }
      : {}),
    accessExpiresAt: expiresIn === undefined ? null : new Date(now.getTime() + expiresIn * 1000),
  }).where(eq(externalStorageLinks.userId, link.userId));
  return accessToken;
}
