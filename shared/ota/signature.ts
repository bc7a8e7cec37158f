/**
 * @module
 * Ed25519 signatures over firmware manifests (WebCrypto, on Deno and Bun alike). The signature
 * covers the manifest's exact bytes; a verifier checks it against its trusted public keys before it
 * decodes or parses a byte of the manifest, and only then reads fields and checks the lifetime.
 */
import { decodeBase64Url, encodeBase64Url } from "../devices/base64url.ts";
import {
  type FirmwareManifest,
  FirmwareManifestSchema,
  MAX_MANIFEST_BYTES,
  type SignedFirmwareManifest,
  SignedFirmwareManifestSchema,
} from "./manifest.ts";

/** A manifest may be issued this far in a verifier's future (its clock may lag the portal's). */
export const MANIFEST_CLOCK_LEEWAY_MS = 5 * 60 * 1000;

/** PKCS #8 wrapping of a raw 32-byte Ed25519 seed (RFC 8410): a fixed prefix, then the seed. */
const PKCS8_ED25519_PREFIX = new Uint8Array([
  0x30,
  0x2e,
  0x02,
  0x01,
  0x00,
  0x30,
  0x05,
  0x06,
  0x03,
  0x2b,
  0x65,
  0x70,
  0x04,
  0x22,
  0x04,
  0x20,
]);

export interface FirmwareSigningKey {
  keyId: string;
  /** base64url of the raw 32-byte public key: what a controller build trusts. */
  publicKey: string;
  privateKey: CryptoKey;
}

/**
 * The id of a public key (base64url, raw 32 bytes): the first 16 characters of the base64url of its
 * SHA-256. Derived, so an operator configures keys only.
 */
export async function firmwareKeyId(publicKey: string): Promise<string | null> {
  const raw = decodeBase64Url(publicKey);
  if (!raw || raw.length !== 32) return null;
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", raw));
  return encodeBase64Url(digest).slice(0, 16);
}

/** A signing key from its base64url 32-byte seed, or null when `seed` is not one. */
export async function importFirmwareSigningKey(seed: string): Promise<FirmwareSigningKey | null> {
  const raw = decodeBase64Url(seed.trim());
  if (!raw || raw.length !== 32) return null;
  const pkcs8 = new Uint8Array(PKCS8_ED25519_PREFIX.length + raw.length);
  pkcs8.set(PKCS8_ED25519_PREFIX);
  pkcs8.set(raw, PKCS8_ED25519_PREFIX.length);
  try {
    const extractable = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, true, ["sign"]);
    const jwk = await crypto.subtle.exportKey("jwk", extractable);
    const privateKey = await crypto.subtle.importKey("pkcs8", pkcs8, { name: "Ed25519" }, false, ["sign"]);
    const publicKey = jwk.x!;
    return { keyId: (await firmwareKeyId(publicKey))!, publicKey, privateKey };
  } catch {
    return null;
  }
}

/** A fresh seed (base64url, 32 random bytes) for `importFirmwareSigningKey`. */
export function generateFirmwareSigningSeed(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}

/** Serialises `manifest` once and signs exactly those bytes. */
export async function signFirmwareManifest(
  manifest: FirmwareManifest,
  key: FirmwareSigningKey,
): Promise<SignedFirmwareManifest> {
  const bytes = new TextEncoder().encode(JSON.stringify(manifest));
  const signature = new Uint8Array(await crypto.subtle.sign("Ed25519", key.privateKey, bytes));
  return { manifest: encodeBase64Url(bytes), signature: encodeBase64Url(signature), key_id: key.keyId };
}

export type ManifestProblem =
  /** Not an envelope of the expected shape and size. */
  | "malformed_envelope"
  /** Signed by a key this verifier does not trust. */
  | "unknown_key"
  /** The signature does not match the bytes under any trusted key with that id. */
  | "bad_signature"
  /** Correctly signed, but not a manifest this verifier understands. */
  | "malformed_manifest"
  | "expired"
  | "not_yet_valid";

export type ManifestVerification =
  | { ok: true; manifest: FirmwareManifest; keyId: string }
  | { ok: false; problem: ManifestProblem };

export interface VerifyManifestOptions {
  /** base64url raw Ed25519 public keys; more than one while a signing key is being rotated. */
  trustedKeys: readonly string[];
  now: Date;
}

async function importVerifyKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey | null> {
  try {
    return await crypto.subtle.importKey("raw", raw, { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return null;
  }
}

/**
 * Checks a signed manifest in trust order: envelope shape, key id among the trusted keys, the
 * signature over the raw bytes, and only then JSON, schema and lifetime.
 *
 * @example
 * ```ts
 * const result = await verifySignedManifest(response.update, { trustedKeys: TRUSTED_FIRMWARE_KEYS, now: new Date() });
 * if (!result.ok) refuse(result.problem);
 * ```
 */
export async function verifySignedManifest(
  envelope: unknown,
  options: VerifyManifestOptions,
): Promise<ManifestVerification> {
  const parsed = SignedFirmwareManifestSchema.safeParse(envelope);
  if (!parsed.success) return { ok: false, problem: "malformed_envelope" };
  const { manifest: encoded, signature: encodedSignature, key_id: keyId } = parsed.data;
  const bytes = decodeBase64Url(encoded);
  const signature = decodeBase64Url(encodedSignature);
  if (!bytes || bytes.length > MAX_MANIFEST_BYTES || !signature || signature.length !== 64) {
    return { ok: false, problem: "malformed_envelope" };
  }
  let known = false;
  let verified = false;
  for (const publicKey of options.trustedKeys) {
    if (await firmwareKeyId(publicKey) !== keyId) continue;
    known = true;
    const key = await importVerifyKey(decodeBase64Url(publicKey)!);
    if (key && await crypto.subtle.verify("Ed25519", key, signature, bytes)) {
      verified = true;
      break;
    }
  }
  if (!known) return { ok: false, problem: "unknown_key" };
  if (!verified) return { ok: false, problem: "bad_signature" };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    return { ok: false, problem: "malformed_manifest" };
  }
  const manifest = FirmwareManifestSchema.safeParse(json);
  if (!manifest.success) return { ok: false, problem: "malformed_manifest" };
  const now = options.now.getTime();
  if (Date.parse(manifest.data.expires_at) <= now) return { ok: false, problem: "expired" };
  if (Date.parse(manifest.data.issued_at) > now + MANIFEST_CLOCK_LEEWAY_MS) {
    return { ok: false, problem: "not_yet_valid" };
  }
  return { ok: true, manifest: manifest.data, keyId };
}
