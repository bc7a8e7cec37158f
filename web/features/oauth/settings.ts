/** @module Lifetimes and limits of the OAuth provider, in one place so tests can shorten them. */
import type { Context } from "hono";
import type { AppEnv } from "../../context.ts";

export interface OAuthSettings {
  /** The `iss` of authorization responses and the metadata: the configured PUBLIC_URL. */
  issuer: string;
  /** Authorization codes: 60 s, as oidc-provider and Keycloak (RFC 9700 asks for short). */
  codeTtlMs: number;
  accessTokenTtlMs: number;
  refreshTokenTtlMs: number;
  /** A rotated refresh token presented again within this window gets its successor once instead of killing the family. */
  refreshReuseGraceMs: number;
  deviceCodeTtlMs: number;
  /** Minimum seconds between device-token polls (RFC 8628 `interval`). */
  devicePollIntervalSec: number;
  /** Failed client authentications allowed per client id (and per IP) per window. */
  clientAuthFailureLimit: number;
  clientAuthFailureWindowMs: number;
}

export function defaultOAuthSettings(issuer: string): OAuthSettings {
  return {
    issuer,
    codeTtlMs: 60_000,
    accessTokenTtlMs: 60 * 60 * 1000,
    refreshTokenTtlMs: 30 * 24 * 60 * 60 * 1000,
    refreshReuseGraceMs: 10_000,
    deviceCodeTtlMs: 10 * 60 * 1000,
    devicePollIntervalSec: 5,
    clientAuthFailureLimit: 10,
    clientAuthFailureWindowMs: 10 * 60 * 1000,
  };
}

/** The settings a request is answered with: the defaults for the portal's PUBLIC_URL. */
export function settingsOf<E extends AppEnv>(c: Context<E>): OAuthSettings {
  return defaultOAuthSettings(c.var.deps.config.publicUrl);
}
