/**
 * @module
 * Random credentials of the OAuth provider (client ids and secrets, codes, tokens, device user codes)
 * and the way they are stored: only the SHA-256 of a credential reaches the database, and a
 * presented credential is compared with the stored hash in constant time.
 */
import { generateRandomString, type RandomReader } from "@oslojs/crypto/random";
import { encodeBase64urlNoPadding } from "@oslojs/encoding";
import { hashSecret, secretsEqual } from "../../auth/secrets.ts";

/** The prefixes say what a credential is when it shows up in a log or a leaked-secret scanner. */
export const CREDENTIAL_PREFIX = {
  clientSecret: "mxcs_",
  authorizationCode: "mxac_",
  accessToken: "mxat_",
  refreshToken: "mxrt_",
  deviceCode: "mxdc_",
} as const;

export type CredentialKind = keyof typeof CREDENTIAL_PREFIX;

/** 32 random bytes: twice the 128 bits RFC 6749 §10.10 requires against guessing. */
const CREDENTIAL_BYTES = 32;

const cryptoRandom: RandomReader = { read: (bytes) => crypto.getRandomValues(bytes) };

/**
 * A fresh credential of the given kind: a prefix plus 256 random bits in base64url.
 * @example generateCredential("accessToken") // "mxat_Zp3…"
 */
export function generateCredential(kind: CredentialKind): string {
  const bytes = new Uint8Array(CREDENTIAL_BYTES);
  crypto.getRandomValues(bytes);
  return CREDENTIAL_PREFIX[kind] + encodeBase64urlNoPadding(bytes);
}

/** Credentials written at a high rate (codes and tokens), whose rows are worth keeping in time order. */
export type TimeOrderedKind = "authorizationCode" | "accessToken" | "refreshToken";

/** Width of the issue-time field of a time-ordered credential: milliseconds in hex (until year 10889). */
const TIME_DIGITS = 12;

/**
 * A fresh code or token that carries its (non-secret) issue time before the 256 random bits, so its
 * lookup key ({@link credentialLookupKey}) sorts by time: rows issued together land on the last page
 * of the key index instead of one random page each, which is what a token write used to cost.
 * @example generateTimeOrderedCredential("accessToken", Date.now()) // "mxat_019aa6c4e1f2Zp3…"
 */
export function generateTimeOrderedCredential(kind: TimeOrderedKind, nowMs: number): string {
  const time = Math.floor(nowMs).toString(16).padStart(TIME_DIGITS, "0");
  return CREDENTIAL_PREFIX[kind] + time + generateCredential(kind).slice(CREDENTIAL_PREFIX[kind].length);
}

const TIME_ORDERED_SHAPE = /^mx(?:ac|at|rt)_([0-9a-f]{12})[A-Za-z0-9_-]{43}$/;

/**
 * The database key of a presented code or token: for a time-ordered credential, "t" + its issue time
 * + "." + the SHA-256 of the whole credential; for one issued before time ordering, the bare SHA-256.
 * Either way the secret part is stored only hashed; the time only decides where the row sorts.
 */
export function credentialLookupKey(presented: string): string {
  const time = TIME_ORDERED_SHAPE.exec(presented)?.[1];
  return time ? `t${time}.${hashSecret(presented)}` : hashSecret(presented);
}

/** Whether a presented string has the shape of a credential of this kind (cheap pre-check before a query). */
export function looksLikeCredential(kind: CredentialKind, value: string): boolean {
  const prefix = CREDENTIAL_PREFIX[kind];
  if (!value.startsWith(prefix)) return false;
  return value.length === prefix.length + 43 || TIME_ORDERED_SHAPE.test(value);
}

/**
 * Public client identifier: not a secret, but unguessable so app ids cannot be enumerated.
 * @example generateClientId() // "mxc_k2v9…" (20 base32 characters, 100 bits)
 */
export function generateClientId(): string {
  return "mxc_" + generateRandomString(cryptoRandom, "abcdefghijklmnopqrstuvwxyz234567", 20);
}

/** Letters a person can type from a controller screen without confusing them (RFC 8628 §6.1: no vowels, no 0/O/1/I). */
const USER_CODE_ALPHABET = "BCDFGHJKLMNPQRSTVWXZ";

/**
 * Device-flow user code shown on a controller, `XXXX-XXXX` (20^8 ≈ 2^34.6; brute force is stopped by
 * the short lifetime and the rate limit on entry, RFC 8628 §5.1).
 */
export function generateUserCode(): string {
  const raw = generateRandomString(cryptoRandom, USER_CODE_ALPHABET, 8);
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * What a person typed, in the canonical `XXXX-XXXX` form: case, spaces and dashes are forgiven.
 * Returns null when it cannot be a user code.
 */
export function normalizeUserCode(input: string): string | null {
  const letters = input.toUpperCase().replace(/[\s-]/g, "");
  if (letters.length !== 8) return null;
  for (const ch of letters) if (!USER_CODE_ALPHABET.includes(ch)) return null;
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}

/** Lower-case hex SHA-256 of a credential: the only form in which credentials are stored. */
export const hashCredential: (value: string) => string = hashSecret;

/** Compares a presented credential with a stored hash in constant time. */
export function credentialMatchesHash(presented: string, storedHash: string): boolean {
  return secretsEqual(hashSecret(presented), storedHash);
}
