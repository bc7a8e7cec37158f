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
import { devices, deviceSettings } from "../../db/schema/devices.ts";
import { TrackIdSchema } from "../../../shared/cloud/device_cloud.ts";
import { parseRange } from "../cloud_library/mod.ts";
import { deviceError } from "../device_api/mod.ts";
import { syncedTrackFile } from "./catalogue.ts";
import { DEVICE_CLOUD_FILES_PATH, verifyDownloadUrl } from "./download_urls.ts";

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
  const check = await verifyDownloadUrl(db, {
    trackId: trackId.data,
    device: c.req.query("device"),
    expires: c.req.query("expires"),
    signature: c.req.query("signature"),
  }, clock.now());
  if (!check.ok) {
    return refuseLink(
      c,
      check.reason === "expired"
        ? "This download link has expired; ask /download for a new one."
        : "This download link is not valid.",
    );
  }
  const device = await deviceState(db, check.grant.deviceId);
  if (!device.ok) return deviceError(c, device.status, device.error, DEVICE_REFUSALS[device.error]);
  const track = await syncedTrackFile(db, device.userId, check.grant.trackId);
  const size = track ? await storage.size(track.storageKey) : null;
  if (!track || size === null) {
    return deviceError(c, 404, "not_found", "The track is no longer in the library this device syncs.");
  }
  const etag = `"${track.sha256}"`;
  const headers: Record<string, string> = {
    "Content-Type": track.storageType,
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    "ETag": etag,
    "Content-Disposition": `attachment; filename*=UTF-8''${
      encodeURIComponent(`${track.title}.${track.format}`)
    }`,
  };
  // A resumed download whose copy is of another version of the file gets the whole file again.
  const ifRange = c.req.header("if-range");
  const wanted = ifRange !== undefined && ifRange !== etag
    ? { kind: "whole" as const }
    : parseRange(c.req.header("range"), size);
  if (wanted.kind === "unsatisfiable") {
    return c.body(null, 416, { ...headers, "Content-Range": `bytes */${size}` });
  }
  const range = wanted.kind === "range" ? wanted.range : undefined;
  const stream = await storage.read(track.storageKey, range);
  if (!stream) return deviceError(c, 404, "not_found", "The track's file is gone.");
  if (!range) return c.body(stream, 200, { ...headers, "Content-Length": String(size) });
  return c.body(stream, 206, {
    ...headers,
    "Content-Length": String(range.end - range.start + 1),
    "Content-Range": `bytes ${range.start}-${range.end}/${size}`,
  });
});
