/**
 * @module
 * `GET /api/device/cloud/files/:id?device&expires&signature` — the bytes behind a portal-signed
 * download URL, with HTTP range requests (206 + `Content-Range`, 416 past the end), so a controller
 * resumes a broken download where it stopped. The URL is the credential (no OCP headers: a download
 * outlives a session), but the device is checked again on every request: a URL stops working the
 * moment its device is locked or unlinked, its owner turns cloud access off, or the track leaves the
 * sync selection.
 */
import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { serveObject } from "../../http/serve_object.ts";
import { verifySignedUrl } from "../../http/signed_url.ts";
import { devices, deviceSettings } from "../../db/schema/devices.ts";
import { TrackIdSchema } from "../../../shared/cloud/device_cloud.ts";
import { deviceError } from "../device_api/mod.ts";
import { syncedTrackFile } from "./catalogue.ts";
import { DEVICE_CLOUD_FILES_PATH, DOWNLOAD_URL_PURPOSE } from "./download_urls.ts";

type DeviceState =
  | { ok: true; userId: string }
  | { ok: false; status: 403; error: "device_not_linked" | "device_locked" | "cloud_access_disabled" };

async function deviceState(db: Db, deviceId: string): Promise<DeviceState> {
  const [row] = await db.select({
    userId: devices.userId,
    publicKey: devices.publicKey,
    lockedAt: devices.lockedAt,
    cloudAccess: deviceSettings.cloudAccess,
  }).from(devices).leftJoin(deviceSettings, eq(deviceSettings.userId, devices.userId))
    .where(eq(devices.id, deviceId));
  if (!row || row.publicKey === null) return { ok: false, status: 403, error: "device_not_linked" };
  if (row.lockedAt !== null) return { ok: false, status: 403, error: "device_locked" };
  if (!row.cloudAccess) return { ok: false, status: 403, error: "cloud_access_disabled" };
  return { ok: true, userId: row.userId };
}

const DEVICE_REFUSALS = {
  device_not_linked: "The device this link was made for is no longer linked.",
  device_locked: "The device this link was made for is locked by its owner.",
  cloud_access_disabled: "The owner has turned cloud access for devices off.",
} as const;

function refuseLink(c: Context<AppEnv>, message: string): Response {
  return deviceError(c, 403, "invalid_token", message);
}

export const deviceCloudFileRoutes = new Hono<AppEnv>();

deviceCloudFileRoutes.get(`${DEVICE_CLOUD_FILES_PATH}/:id`, async (c) => {
  const { db, storage, clock } = c.var.deps;
  const trackId = TrackIdSchema.safeParse(c.req.param("id"));
  if (!trackId.success) return refuseLink(c, "This is not a download link.");
  const check = await verifySignedUrl(
    db,
    DOWNLOAD_URL_PURPOSE,
    { trackId: trackId.data, device: c.req.query("device") },
    { expires: c.req.query("expires"), signature: c.req.query("signature") },
    clock.now(),
  );
  if (!check.ok) {
    return refuseLink(
      c,
      check.reason === "expired"
        ? "This download link has expired; ask /download for a new one."
        : "This download link is not valid.",
    );
  }
  const device = await deviceState(db, check.grant.fields.device);
  if (!device.ok) return deviceError(c, device.status, device.error, DEVICE_REFUSALS[device.error]);
  const track = await syncedTrackFile(db, device.userId, check.grant.fields.trackId);
  const served = track && await serveObject(c.req.raw, storage, {
    key: track.storageKey,
    contentType: track.storageType,
    cacheControl: "private, no-store",
    etag: track.sha256,
    attachmentName: `${track.title}.${track.format}`,
  });
  return served ||
    deviceError(c, 404, "not_found", "The track is no longer in the library this device syncs.");
});
