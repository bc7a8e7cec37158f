/**
 * @module
 * URLs the portal signs itself, so that whoever holds one may fetch what it names until it expires
 * without any other credential: `…?<the caller's parameters>&expires=<unix s>&signature=<mac>`, the
 * MAC an HMAC-SHA256 over the purpose, the fields that matter (the id in the path, the device the URL
 * was made for) and the expiry. No field, expiry or purpose can be swapped in. The key of each purpose
 * lives in `url_signing_keys` (made on first use), so every portal instance checks what any instance
 * signed, and a URL of one purpose never opens another's route.
 */
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { urlSigningKeys } from "../db/schema/url_signing_keys.ts";
import { secretsEqual } from "../auth/secrets.ts";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";

/** Longest field value a signed URL carries; ids and device ids are far shorter. */
const MAX_FIELD_LENGTH = 256;
/** base64url of a SHA-256 MAC is 43 characters; anything much longer is not one. */
const MAX_SIGNATURE_LENGTH = 64;

/** What a signed URL allows: the URL of `purpose` for these `fields` holds until `expiresAtSec`. */
export interface UrlGrant<K extends string = string> {
  /** What the URL is for; it also names the key in `url_signing_keys`. */
  purpose: string;
  /** The values the signature covers; signer and checker must list them in the same order. */
  fields: Record<K, string>;
  /** Unix seconds. */
  expiresAtSec: number;
}

const keys = new WeakMap<Db, Map<string, Promise<string>>>();

async function loadKey(db: Db, purpose: string, now: Date): Promise<string> {
  // Of two instances making the key at once, the first insert wins and both read that one.
  await db.insert(urlSigningKeys).values({
    purpose,
    secret: encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))),
    createdAt: now,
  }).onConflictDoNothing();
  const [row] = await db.select({ secret: urlSigningKeys.secret }).from(urlSigningKeys)
    .where(eq(urlSigningKeys.purpose, purpose));
  return row.secret;
}

/** The key of `purpose`, made and stored on first use, then kept in memory. */
function signingKey(db: Db, purpose: string, now: Date): Promise<string> {
  let byPurpose = keys.get(db);
  if (!byPurpose) keys.set(db, byPurpose = new Map());
  let key = byPurpose.get(purpose);
  if (!key) {
    key = loadKey(db, purpose, now);
    byPurpose.set(purpose, key);
    key.catch(() => byPurpose.delete(purpose));
  }
  return key;
}

function mac(key: string, grant: UrlGrant): string {
  // Newline-separated is unambiguous because no value may hold a newline (see `usableField`).
  const text = [grant.purpose, ...Object.values<string>(grant.fields), String(grant.expiresAtSec)].join("\n");
  return createHmac("sha256", key).update(text).digest("base64url");
}

function usableField(value: string | undefined): value is string {
  return value !== undefined && value.length > 0 && value.length <= MAX_FIELD_LENGTH && !value.includes("\n");
}

/**
 * `url` with `expires` and `signature` added for `grant`.
 *
 * @example
 * const url = new URL(`/api/device/firmware/artifacts/${releaseId}`, publicUrl);
 * await signUrl(db, url, { purpose: "firmware-artifact", fields: { releaseId }, expiresAtSec }, now);
 */
export async function signUrl(db: Db, url: URL, grant: UrlGrant, now: Date): Promise<string> {
  for (const [name, value] of Object.entries<string>(grant.fields)) {
    if (!usableField(value)) {
      throw new Error(`Signed URL field ${name} must be 1–${MAX_FIELD_LENGTH} chars, no newline`);
    }
  }
  const signed = new URL(url);
  signed.searchParams.set("expires", String(grant.expiresAtSec));
  signed.searchParams.set("signature", mac(await signingKey(db, grant.purpose, now), grant));
  return signed.toString();
}

export type SignedUrlCheck<K extends string> =
  | { ok: true; grant: UrlGrant<K> }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/**
 * Checks a signed URL's fields (as the request carries them) and its `expires` and `signature`
 * parameters. The signature is checked before the expiry, so a forgery learns nothing, and compared
 * in constant time.
 *
 * @example
 * const check = await verifySignedUrl(db, "firmware-artifact", { releaseId: c.req.param("id") }, {
 *   expires: c.req.query("expires"),
 *   signature: c.req.query("signature"),
 * }, clock.now());
 * if (!check.ok) return c.json({ error: "unauthorized" }, 403);
 */
export async function verifySignedUrl<K extends string>(
  db: Db,
  purpose: string,
  fields: Record<K, string | undefined>,
  query: { expires?: string; signature?: string },
  now: Date,
): Promise<SignedUrlCheck<K>> {
  const { expires, signature } = query;
  const values = Object.values<string | undefined>(fields);
  if (
    !values.every(usableField) || !expires || !/^\d{1,12}$/.test(expires) || !signature ||
    signature.length > MAX_SIGNATURE_LENGTH
  ) {
    return { ok: false, reason: "malformed" };
  }
  const grant = { purpose, fields: fields as Record<K, string>, expiresAtSec: Number(expires) };
  if (!secretsEqual(mac(await signingKey(db, purpose, now), grant), signature)) {
    return { ok: false, reason: "bad_signature" };
  }
  if (grant.expiresAtSec * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, grant };
}
