/**
 * @module
 * Download URLs the portal signs itself (for files it stores on its own disk):
 * `/api/device/cloud/files/<trackId>?device=<id>&expires=<unix s>&signature=<mac>`, the MAC an
 * HMAC-SHA256 over the track, the device and the expiry. Whoever holds the URL may fetch the bytes
 * until it expires, and no other track, device or time can be swapped in. The key lives in the
 * database (made on first use), so every portal instance checks what any instance signed.
 */
import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { urlSigningKeys } from "../../db/schema/device_cloud.ts";
import { secretsEqual } from "../../auth/secrets.ts";
import { encodeBase64Url } from "../../../shared/devices/base64url.ts";

export const DEVICE_CLOUD_FILES_PATH = "/api/device/cloud/files";
const KEY_PURPOSE = "device-cloud-download";

const keys = new WeakMap<Db, string>();

/** The signing key, made and stored on first use (the first instance to insert it wins). */
async function signingKey(db: Db, now: Date): Promise<string> {
  const cached = keys.get(db);
  if (cached) return cached;
  await db.insert(urlSigningKeys).values({
    purpose: KEY_PURPOSE,
    secret: encodeBase64Url(crypto.getRandomValues(new Uint8Array(32))),
    createdAt: now,
  }).onConflictDoNothing();
  const [row] = await db.select({ secret: urlSigningKeys.secret }).from(urlSigningKeys)
    .where(eq(urlSigningKeys.purpose, KEY_PURPOSE));
  keys.set(db, row.secret);
  return row.secret;
}

function mac(key: string, grant: DownloadGrant): string {
  return createHmac("sha256", key)
    .update(`${KEY_PURPOSE}\n${grant.trackId}\n${grant.deviceId}\n${grant.expiresAtSec}`)
    .digest("base64url");
}

/** What a signed URL allows: `deviceId` may fetch `trackId` until `expiresAtSec` (Unix seconds). */
export interface DownloadGrant {
  trackId: string;
  deviceId: string;
  expiresAtSec: number;
}

/** The absolute signed URL of `grant` under `publicUrl`. */
export async function signDownloadUrl(
  db: Db,
  publicUrl: string,
  grant: DownloadGrant,
  now: Date,
): Promise<string> {
  const url = new URL(`${DEVICE_CLOUD_FILES_PATH}/${encodeURIComponent(grant.trackId)}`, publicUrl);
  url.searchParams.set("device", grant.deviceId);
  url.searchParams.set("expires", String(grant.expiresAtSec));
  url.searchParams.set("signature", mac(await signingKey(db, now), grant));
  return url.toString();
}

export type GrantCheck =
  | { ok: true; grant: DownloadGrant }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" };

/** Checks a signed URL's parts; the signature is checked before the expiry, so a forgery learns nothing. */
export async function verifyDownloadUrl(
  db: Db,
  parts: { trackId: string; device?: string; expires?: string; signature?: string },
  now: Date,
): Promise<GrantCheck> {
  const { trackId, device, expires, signature } = parts;
  if (
    !device || device.length > 64 || !expires || !/^\d{1,12}$/.test(expires) || !signature ||
    signature.length > 64
  ) {
    return { ok: false, reason: "malformed" };
  }
  const grant = { trackId, deviceId: device, expiresAtSec: Number(expires) };
  if (!secretsEqual(mac(await signingKey(db, now), grant), signature)) {
    return { ok: false, reason: "bad_signature" };
  }
  if (grant.expiresAtSec * 1000 <= now.getTime()) return { ok: false, reason: "expired" };
  return { ok: true, grant };
}
