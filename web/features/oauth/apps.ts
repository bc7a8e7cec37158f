/**
 * @module
 * Developer apps (OAuth clients): validation of what a developer submits, creation with a one-time
 * secret, secret rotation with an overlap window, ownership-checked edits, and the admin review.
 */
import { and, desc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { type OAuthApp, oauthApps, type OAuthAppStatus } from "../../db/schema/oauth.ts";
import { foldConfusables } from "./confusables.ts";
import { revokeAllAccessToApp } from "./revocation.ts";
import { checkRegistrableRedirectUri, MAX_REDIRECT_URIS } from "./redirect_uri.ts";
import { credentialMatchesHash, generateClientId, generateCredential, hashCredential } from "./secrets.ts";

/** How long a regenerated secret's predecessor keeps working, so a rolling deployment never fails. */
export const SECRET_OVERLAP_MS = 60 * 60 * 1000;

/** Whether an app name pretends to be MIXERA (App Guidelines: no impersonation), look-alikes folded. */
export function impersonatesMixera(name: string): boolean {
  return foldConfusables(name).includes("mixera");
}

const httpUrl = (label: string) =>
  z.string().trim().max(500, `${label} is too long`).refine((value) => {
    try {
      return ["https:", "http:"].includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `${label} must be a valid http(s) URL`);

/** What the create/edit form submits. Redirect URIs come one per line. */
export const appInputSchema = z.object({
  name: z.string().trim().min(3, "Name must have at least 3 characters").max(
    60,
    "Name must be at most 60 characters",
  )
    .refine((name) => !impersonatesMixera(name), "The name must not impersonate MIXERA"),
  description: z.string().trim().max(500, "Description must be at most 500 characters").default(""),
  websiteUrl: httpUrl("Website URL"),
  redirectUris: z.string().max(MAX_REDIRECT_URIS * 2001, "Too many redirect URIs"),
  logoUrl: z.union([z.literal(""), httpUrl("Logo URL")]).default(""),
  clientType: z.enum(["confidential", "public"]).default("confidential"),
});

export type AppInput = z.input<typeof appInputSchema>;

export type AppValidation =
  | {
    ok: true;
    values: Omit<z.output<typeof appInputSchema>, "redirectUris"> & { redirectUris: string[] };
    warnings: string[];
  }
  | { ok: false; errors: string[] };

/** Validates a submitted app form; redirect URIs are checked one by one against the registration rules. */
export function validateAppInput(input: unknown): AppValidation {
  const parsed = appInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: parsed.error.issues.map((issue) => issue.message) };
  const errors: string[] = [];
  const warnings: string[] = [];
  const uris: string[] = [];
  for (const line of parsed.data.redirectUris.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const check = checkRegistrableRedirectUri(line);
    if (!check.ok) errors.push(check.error);
    else {
      if (check.warning) warnings.push(check.warning);
      if (!uris.includes(check.uri)) uris.push(check.uri);
    }
  }
  if (uris.length === 0 && errors.length === 0) errors.push("Add at least one redirect URI");
  if (uris.length > MAX_REDIRECT_URIS) errors.push(`At most ${MAX_REDIRECT_URIS} redirect URIs`);
  if (errors.length) return { ok: false, errors };
  return { ok: true, values: { ...parsed.data, redirectUris: uris }, warnings };
}

const dateOrNull = (value: unknown): Date | null => value === null ? null : new Date(Number(value));
const stringOrNull = (value: unknown): string | null => value === null ? null : String(value);

/** An app from a raw `SELECT oauth_apps.*` row (hot paths skip the query builder). */
export function appFromRow(row: Record<string, unknown>): OAuthApp {
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    description: String(row.description),
    websiteUrl: String(row.website_url),
    redirectUris: String(row.redirect_uris),
    logoUrl: stringOrNull(row.logo_url),
    clientType: row.client_type === "public" ? "public" : "confidential",
    secretHash: stringOrNull(row.secret_hash),
    previousSecretHash: stringOrNull(row.previous_secret_hash),
    previousSecretExpiresAt: dateOrNull(row.previous_secret_expires_at),
    status: String(row.status) as OAuthAppStatus,
    reviewReason: stringOrNull(row.review_reason),
    reviewedAt: dateOrNull(row.reviewed_at),
    createdAt: new Date(Number(row.created_at)),
    updatedAt: new Date(Number(row.updated_at)),
  };
}

export function redirectUrisOf(app: OAuthApp): string[] {
  return JSON.parse(app.redirectUris) as string[];
}

/** Creates an app in "pending review"; the secret (confidential apps) is returned once and never again. */
export async function createOAuthApp(
  db: Db,
  userId: string,
  values: Extract<AppValidation, { ok: true }>["values"],
  now: Date,
): Promise<{ app: OAuthApp; clientSecret: string | null }> {
  const clientSecret = values.clientType === "confidential" ? generateCredential("clientSecret") : null;
  const [app] = await db.insert(oauthApps).values({
    id: generateClientId(),
    userId,
    name: values.name,
    description: values.description,
    websiteUrl: values.websiteUrl,
    redirectUris: JSON.stringify(values.redirectUris),
    logoUrl: values.logoUrl || null,
    clientType: values.clientType,
    secretHash: clientSecret ? hashCredential(clientSecret) : null,
    status: "pending",
    createdAt: now,
    updatedAt: now,
  }).returning();
  return { app, clientSecret };
}

/** The app with this client id, whoever owns it. */
export async function findApp(db: Db, clientId: string): Promise<OAuthApp | undefined> {
  if (clientId.length > 100) return undefined;
  const [app] = await db.select().from(oauthApps).where(eq(oauthApps.id, clientId));
  return app;
}

/** The app only if `userId` owns it; other developers' apps look like missing ones. */
export async function findOwnedApp(db: Db, userId: string, clientId: string): Promise<OAuthApp | undefined> {
  const [app] = await db.select().from(oauthApps).where(
    and(eq(oauthApps.id, clientId), eq(oauthApps.userId, userId)),
  );
  return app;
}

export function listOwnedApps(db: Db, userId: string): Promise<OAuthApp[]> {
  return db.select().from(oauthApps).where(eq(oauthApps.userId, userId)).orderBy(desc(oauthApps.createdAt));
}

/** What users see of an app on the consent page and where it sends them: changing any needs a review. */
function reviewedFieldsChanged(
  app: OAuthApp,
  values: Extract<AppValidation, { ok: true }>["values"],
): boolean {
  return app.name !== values.name || app.websiteUrl !== values.websiteUrl ||
    app.redirectUris !== JSON.stringify(values.redirectUris) || (app.logoUrl ?? "") !== values.logoUrl;
}

export type AppUpdate = "not_found" | "saved" | "sent_to_review";

/**
 * Edits an owned app (the client type and credentials stay). An approved app whose name, website,
 * logo or redirect URIs change goes back to "pending": otherwise a reviewed "Harmless Metronome"
 * could become "Alice's Bank Login" with a new redirect URI and keep its approval. Until an admin
 * approves again, its existing tokens keep working but no new sign-in or token exchange is allowed.
 */
export async function updateOwnedApp(
  db: Db,
  userId: string,
  clientId: string,
  values: Extract<AppValidation, { ok: true }>["values"],
  now: Date,
): Promise<AppUpdate> {
  const app = await findOwnedApp(db, userId, clientId);
  if (!app) return "not_found";
  const needsReview = app.status === "approved" && reviewedFieldsChanged(app, values);
  await db.update(oauthApps).set({
    name: values.name,
    description: values.description,
    websiteUrl: values.websiteUrl,
    redirectUris: JSON.stringify(values.redirectUris),
    logoUrl: values.logoUrl || null,
    updatedAt: now,
    // Only an app still approved goes back to review: one an admin revoked meanwhile stays revoked.
    ...(needsReview
      ? { status: sql<OAuthAppStatus>`CASE WHEN status = 'approved' THEN 'pending' ELSE status END` }
      : {}),
  }).where(and(eq(oauthApps.id, clientId), eq(oauthApps.userId, userId)));
  return needsReview ? "sent_to_review" : "saved";
}

/** Deletes an owned app; its consents, codes and tokens go with it (ON DELETE CASCADE). */
export async function deleteOwnedApp(db: Db, userId: string, clientId: string): Promise<boolean> {
  const deleted = await db.delete(oauthApps).where(
    and(eq(oauthApps.id, clientId), eq(oauthApps.userId, userId)),
  )
    .returning({ id: oauthApps.id });
  return deleted.length > 0;
}

/**
 * Issues a new secret for an owned confidential app. The previous secret stays valid for
 * SECRET_OVERLAP_MS. Returns null when the app is not theirs or is public.
 */
export async function regenerateSecret(
  db: Db,
  userId: string,
  clientId: string,
  now: Date,
): Promise<string | null> {
  const app = await findOwnedApp(db, userId, clientId);
  if (!app || app.clientType !== "confidential") return null;
  const clientSecret = generateCredential("clientSecret");
  await db.update(oauthApps).set({
    secretHash: hashCredential(clientSecret),
    previousSecretHash: app.secretHash,
    previousSecretExpiresAt: new Date(now.getTime() + SECRET_OVERLAP_MS),
    updatedAt: now,
  }).where(eq(oauthApps.id, app.id));
  return clientSecret;
}

/** Whether a presented secret is the app's current secret, or its previous one within the overlap. */
export function secretMatches(app: OAuthApp, presented: string, now: Date): boolean {
  const current = app.secretHash !== null && credentialMatchesHash(presented, app.secretHash);
  const previous = app.previousSecretHash !== null && app.previousSecretExpiresAt !== null &&
    app.previousSecretExpiresAt.getTime() > now.getTime() &&
    credentialMatchesHash(presented, app.previousSecretHash);
  return current || previous;
}

/** Apps for the admin queue, pending ones first. */
export async function listAppsForReview(db: Db): Promise<OAuthApp[]> {
  const apps = await db.select().from(oauthApps).orderBy(desc(oauthApps.createdAt));
  const order: Record<OAuthAppStatus, number> = { pending: 0, approved: 1, denied: 2, revoked: 3 };
  return apps.sort((a, b) => order[a.status] - order[b.status]);
}

export type ReviewDecision = "approve" | "deny" | "revoke";

/**
 * Applies an admin decision. Denying or revoking kills every token, code and device approval the app
 * holds at once and forgets every consent, so a later re-approval asks each user again; a reason is
 * required for both, because the developer sees it.
 */
export async function reviewApp(
  db: Db,
  clientId: string,
  decision: ReviewDecision,
  reason: string,
  now: Date,
): Promise<{ ok: true } | { ok: false; error: string }> {
  const trimmed = reason.trim().slice(0, 500);
  if (decision !== "approve" && trimmed === "") return { ok: false, error: "Give the developer a reason" };
  const status: OAuthAppStatus = decision === "approve"
    ? "approved"
    : decision === "deny"
    ? "denied"
    : "revoked";
  const updated = await db.update(oauthApps).set({
    status,
    reviewReason: decision === "approve" ? null : trimmed,
    reviewedAt: now,
    updatedAt: now,
  }).where(eq(oauthApps.id, clientId)).returning({ id: oauthApps.id });
  if (updated.length === 0) return { ok: false, error: "No such app" };
  if (status !== "approved") await revokeAllAccessToApp(db, clientId, now);
  return { ok: true };
}
