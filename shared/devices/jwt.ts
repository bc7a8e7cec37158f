/**
 * @module
 * Device-signed JWTs (RFC 7519, JWS compact form, `alg: EdDSA` with Ed25519 per RFC 8037), signed by
 * the controller's device key and verified by the portal with WebCrypto. The signature is checked
 * before any claim is read; then audience, lifetime (at most five minutes) and subject are enforced.
 * Single use of `jti` needs storage and is the verifier's job.
 */
import { z } from "zod";
import { decodeBase64Url, encodeBase64Url } from "./base64url.ts";

/** The longest lifetime (`exp - iat`) a device token may claim. */
export const MAX_DEVICE_JWT_LIFETIME_SEC = 300;
/** Clock skew tolerated between device and portal. */
export const DEVICE_JWT_LEEWAY_SEC = 30;
/** A device JWT is a few hundred bytes; anything far longer is refused unparsed. */
export const MAX_DEVICE_JWT_LENGTH = 4096;

export const DeviceJwtClaimsSchema = z.object({
  /** The device's serial number. */
  sub: z.string().min(1).max(64),
  /** The portal's public URL (origin). */
  aud: z.string().min(1).max(512),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().nonnegative(),
  jti: z.string().min(16).max(128).regex(/^[A-Za-z0-9_-]+$/),
  /** Key rotation: the new public key (base64url, raw Ed25519) the old key vouches for. */
  new_public_key: z.string().max(128).optional(),
});
export type DeviceJwtClaims = z.infer<typeof DeviceJwtClaimsSchema>;

const HeaderSchema = z.object({ alg: z.literal("EdDSA"), typ: z.literal("JWT").optional() });

const HEADER = encodeBase64Url(new TextEncoder().encode(JSON.stringify({ alg: "EdDSA", typ: "JWT" })));

export type DeviceJwtProblem =
  | "malformed"
  | "bad_signature"
  | "wrong_audience"
  | "wrong_subject"
  | "expired"
  | "not_yet_valid"
  | "lifetime_too_long";

/** Imports a raw Ed25519 public key (32 bytes, base64url) for verifying. */
export async function importDevicePublicKey(publicKey: string): Promise<CryptoKey | null> {
  const raw = decodeBase64Url(publicKey);
  if (!raw || raw.length !== 32) return null;
  try {
    return await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return null;
  }
}

/**
 * @example
 * ```ts
 * const jwt = await signDeviceJwt(privateKey, { sub: serial, aud: "https://mixera.pro", iat, exp: iat + 120, jti });
 * ```
 */
export async function signDeviceJwt(privateKey: CryptoKey, claims: DeviceJwtClaims): Promise<string> {
  const payload = encodeBase64Url(new TextEncoder().encode(JSON.stringify(claims)));
  const input = `${HEADER}.${payload}`;
  const signature = await crypto.subtle.sign("Ed25519", privateKey, new TextEncoder().encode(input));
  return `${input}.${encodeBase64Url(new Uint8Array(signature))}`;
}

export interface VerifyOptions {
  audience: string;
  /** The serial the request says it comes from; `sub` must equal it. */
  subject: string;
  nowSec: number;
}

/** The token's claims once its signature, audience, subject and lifetime check out. */
export async function verifyDeviceJwt(
  token: string,
  key: CryptoKey,
  options: VerifyOptions,
): Promise<{ ok: true; claims: DeviceJwtClaims } | { ok: false; problem: DeviceJwtProblem }> {
  if (token.length > MAX_DEVICE_JWT_LENGTH) return { ok: false, problem: "malformed" };
  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, problem: "malformed" };
  const signature = decodeBase64Url(parts[2]);
  if (!signature || signature.length !== 64) return { ok: false, problem: "malformed" };
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!await crypto.subtle.verify("Ed25519", key, signature, signed)) {
    return { ok: false, problem: "bad_signature" };
  }
  const header = HeaderSchema.safeParse(parseJsonPart(parts[0]));
  const claims = DeviceJwtClaimsSchema.safeParse(parseJsonPart(parts[1]));
  if (!header.success || !claims.success) return { ok: false, problem: "malformed" };
  const { aud, sub, iat, exp } = claims.data;
  if (aud !== options.audience) return { ok: false, problem: "wrong_audience" };
  if (sub !== options.subject) return { ok: false, problem: "wrong_subject" };
  if (exp - iat > MAX_DEVICE_JWT_LIFETIME_SEC || exp <= iat) {
    return { ok: false, problem: "lifetime_too_long" };
  }
  if (iat > options.nowSec + DEVICE_JWT_LEEWAY_SEC) return { ok: false, problem: "not_yet_valid" };
  if (exp <= options.nowSec - DEVICE_JWT_LEEWAY_SEC) return { ok: false, problem: "expired" };
  return { ok: true, claims: claims.data };
}

function parseJsonPart(part: string): unknown {
  const bytes = decodeBase64Url(part);
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return null;
  }
}
