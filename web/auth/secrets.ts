/**
 * @module
 * Random secrets and how they are stored: only SHA-256 hashes reach the database and hashes are
 * compared in constant time, so a database leak or a timing probe reveals no usable token.
 */
import { createHash } from "node:crypto";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";

/** A URL-safe random string carrying `bytes * 8` bits of entropy. */
export function randomSecret(bytes = 20): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(bytes)));
}

/** A uniformly random string of `length` decimal digits (rejection sampling avoids modulo bias). */
export function randomDigits(length: number): string {
  let digits = "";
  while (digits.length < length) {
    const [value] = crypto.getRandomValues(new Uint8Array(1));
    if (value < 250) digits += String(value % 10);
  }
  return digits;
}

/**
 * Hex SHA-256 of a UTF-8 string: the form in which secrets are stored. Every signed-in request hashes
 * its session token, so this uses the runtime's native SHA-256 rather than a JavaScript one.
 */
export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** Compares two strings without leaking, through timing, where they first differ. */
export function secretsEqual(a: string, b: string): boolean {
  const left = new TextEncoder().encode(a);
  const right = new TextEncoder().encode(b);
  return left.length === right.length && constantTimeEqual(left, right);
}
