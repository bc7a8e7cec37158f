/**
 * @module
 * The OAuth provider's tables: developer apps (clients), remembered consents, authorization codes,
 * access/refresh tokens and device-flow requests. Every credential is stored as a SHA-256 hex hash
 * (see web/features/oauth/secrets.ts); the plaintext exists only in the response that created it.
 * Codes and tokens are keyed by `credentialLookupKey`: their public issue time, then the hash, so
 * new rows append to the key index (rows from before time ordering keep the bare hash).
 */
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { users } from "./users.ts";

export const OAUTH_APP_STATUSES = ["pending", "approved", "denied", "revoked"] as const;
export type OAuthAppStatus = typeof OAUTH_APP_STATUSES[number];

/** A developer's app. `user_id` is the developer who owns it. */
export const oauthApps = sqliteTable(
  "oauth_apps",
  {
    /** The public `client_id`. */
    id: text("id").primaryKey(),
    userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    description: text("description").notNull().default(""),
    websiteUrl: text("website_url").notNull(),
    /** JSON array of registered redirect URIs, matched exactly (loopback port excepted). */
    redirectUris: text("redirect_uris").notNull(),
    logoUrl: text("logo_url"),
    /** `confidential` apps authenticate with a secret; `public` ones (native, devices) rely on PKCE. */
    clientType: text("client_type", { enum: ["confidential", "public"] }).notNull().default("confidential"),
    secretHash: text("secret_hash"),
    /** After a regeneration the old secret keeps working until this moment, so deployments can roll. */
    previousSecretHash: text("previous_secret_hash"),
    previousSecretExpiresAt: integer("previous_secret_expires_at", { mode: "timestamp_ms" }),
    status: text("status", { enum: OAUTH_APP_STATUSES }).notNull().default("pending"),
    /** Why the app was denied or revoked; shown to the developer. */
    reviewReason: text("review_reason"),
    reviewedAt: integer("reviewed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (
    table,
  ) => [index("oauth_apps_user_id_idx").on(table.userId), index("oauth_apps_status_idx").on(table.status)],
);

/** What a user allowed an app to see; consent is asked again only when the requested scopes grow. */
export const oauthConsents = sqliteTable("oauth_consents", {
  id: text("id").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  clientId: text("client_id").notNull().references(() => oauthApps.id, { onDelete: "cascade" }),
  /** Space-delimited granted scopes. */
  scope: text("scope").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  /** When an access token was last issued under this consent; set by the trigger on `oauth_tokens`. */
  lastUsedAt: integer("last_used_at", { mode: "timestamp_ms" }),
}, (table) => [uniqueIndex("oauth_consents_user_client_idx").on(table.userId, table.clientId)]);

/** Authorization codes: 60 s, single use; a replay revokes the token family the code produced. */
export const oauthCodes = sqliteTable("oauth_codes", {
  codeHash: text("code_hash").primaryKey(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  clientId: text("client_id").notNull().references(() => oauthApps.id, { onDelete: "cascade" }),
  redirectUri: text("redirect_uri").notNull(),
  scope: text("scope").notNull(),
  codeChallenge: text("code_challenge"),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  consumedAt: integer("consumed_at", { mode: "timestamp_ms" }),
  /** The token family created when the code was redeemed. */
  familyId: text("family_id"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Access and refresh tokens. A family is every token descending from one code or device approval;
 * refresh-token reuse after the grace window revokes the whole family.
 *
 * Trigger `oauth_tokens_mark_consent_used` (hand-written in migration 0002, as drizzle-kit does not
 * model triggers): after an `access` row is inserted, it sets `oauth_consents.last_used_at` of the same
 * `user_id` and `client_id` to the row's `created_at`. The token endpoint therefore never updates the
 * consent itself; anything that inserts access tokens moves "Last used" too. See web/db/README.md.
 */
export const oauthTokens = sqliteTable("oauth_tokens", {
  tokenHash: text("token_hash").primaryKey(),
  kind: text("kind", { enum: ["access", "refresh"] }).notNull(),
  familyId: text("family_id").notNull(),
  userId: text("user_id").notNull().references(() => users.id, { onDelete: "cascade" }),
  clientId: text("client_id").notNull().references(() => oauthApps.id, { onDelete: "cascade" }),
  scope: text("scope").notNull(),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
  /** For refresh tokens: when it was exchanged for a successor (rotation). */
  rotatedAt: integer("rotated_at", { mode: "timestamp_ms" }),
  /**
   * For rotated refresh tokens: the successor pair, encrypted with a key only this token's holder can
   * derive (web/features/oauth/successor_seal.ts); handed out once within the reuse grace, then cleared.
   */
  successorSealed: text("successor_sealed"),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
}, (table) => [
  index("oauth_tokens_family_idx").on(table.familyId),
  index("oauth_tokens_user_client_idx").on(table.userId, table.clientId),
]);

/** RFC 8628 device authorization requests. `user_id` is set when a signed-in user approves or denies. */
export const oauthDeviceRequests = sqliteTable("oauth_device_requests", {
  deviceCodeHash: text("device_code_hash").primaryKey(),
  /** SHA-256 of the normalised `XXXX-XXXX` user code. */
  userCodeHash: text("user_code_hash").notNull().unique(),
  clientId: text("client_id").notNull().references(() => oauthApps.id, { onDelete: "cascade" }),
  userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
  scope: text("scope").notNull(),
  status: text("status", { enum: ["pending", "approved", "denied", "consumed"] }).notNull().default(
    "pending",
  ),
  /** Current minimum polling interval in seconds; grows by 5 on every `slow_down` (RFC 8628 §3.5). */
  intervalSeconds: integer("interval_seconds").notNull(),
  lastPolledAt: integer("last_polled_at", { mode: "timestamp_ms" }),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

export type OAuthApp = typeof oauthApps.$inferSelect;
export type OAuthToken = typeof oauthTokens.$inferSelect;
export type OAuthDeviceRequest = typeof oauthDeviceRequests.$inferSelect;
