/**
 * @module
 * PKCE (RFC 7636) with S256 only: `plain` would let an attacker who sees the authorization request
 * redeem the code, so the provider neither advertises nor accepts it.
 */
import { createHash } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";

/** RFC 7636 §4.1: 43–128 characters from the unreserved set. */
const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;
/** A base64url SHA-256 is always 43 characters. */
const CHALLENGE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export const SUPPORTED_CHALLENGE_METHODS = ["S256"] as const;

/** Whether a `code_verifier` has the RFC 7636 shape (43–128 unreserved characters). */
export function isValidCodeVerifier(verifier: string): boolean {
  return VERIFIER_PATTERN.test(verifier);
}

/** Whether a `code_challenge` sent to the authorize endpoint has the shape of an S256 challenge. */
export function isValidCodeChallenge(challenge: string): boolean {
  return CHALLENGE_PATTERN.test(challenge);
}

/** The S256 challenge of a verifier: BASE64URL(SHA256(ASCII(verifier))). */
export function s256Challenge(verifier: string): string {
  return createHash("sha256").update(verifier, "utf8").digest("base64url");
}

/**
 * Whether the verifier presented at the token endpoint matches the challenge stored with the code.
 * @example verifyS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk", "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM") // true
 */
export function verifyS256(verifier: string, challenge: string): boolean {
  if (!VERIFIER_PATTERN.test(verifier) || !CHALLENGE_PATTERN.test(challenge)) return false;
  const expected = new TextEncoder().encode(challenge);
  const actual = new TextEncoder().encode(s256Challenge(verifier));
  return constantTimeEqual(actual, expected);
}
