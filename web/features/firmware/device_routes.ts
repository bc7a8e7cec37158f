/**
 * @module
 * The device side of firmware updates (machine routes, mounted ahead of the browser's CSRF check):
 * a device asks for the newest release it may install and gets a signed manifest or null, reports
 * what became of an update, and downloads the artifact through a signed URL that supports `Range`
 * for resuming. The artifact URL is the credential of the download; the other two need the device's
 * OCP session.
 */
import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { eq } from "drizzle-orm";
import type { AppEnv } from "../../context.ts";
import { devices } from "../../db/schema/devices.ts";
import { readJsonBodyAs } from "../../http/json_body.ts";
import { serveObject } from "../../http/serve_object.ts";
import { verifySignedUrl } from "../../http/signed_url.ts";
import { type DeviceErrorCode, MAX_DEVICE_BODY_BYTES } from "../../../shared/devices/schemas.ts";
import {
  FIRMWARE_LATEST_PATH,
  FIRMWARE_OUTCOME_PATH,
  FirmwareChannelSchema,
  type FirmwareLatestResponse,
  FirmwareOutcomeReportSchema,
} from "../../../shared/ota/mod.ts";
import { type DeviceEnv, requireDevice } from "../device_api/mod.ts";
import { ARTIFACT_PATH_PREFIX, ARTIFACT_URL_PURPOSE } from "./artifact_url.ts";
import { offerFirmware } from "./offer.ts";
import { recordOutcome } from "./outcomes.ts";
import { findRelease } from "./releases.ts";

function firmwareError(c: Context, status: ContentfulStatusCode, error: DeviceErrorCode, message: string) {
  c.header("Cache-Control", "no-store");
  return c.json({ error, message }, status);
}

export const firmwareDeviceRoutes = new Hono<AppEnv>();

firmwareDeviceRoutes.get(FIRMWARE_LATEST_PATH, requireDevice(), async (c: Context<DeviceEnv>) => {
  const channel = FirmwareChannelSchema.safeParse(c.req.query("channel") ?? "stable");
  if (!channel.success) return firmwareError(c, 400, "invalid_request", "channel is stable or beta.");
  const { db, clock } = c.var.deps;
  const device = c.var.device;
  const [row] = await db.select({ firmware: devices.firmware }).from(devices).where(
    eq(devices.id, device.id),
  );
  const update = await offerFirmware(c.var.deps, {
    serial: device.serial,
    model: device.model,
    firmware: row?.firmware ?? null,
    channel: channel.data,
  });
  const answer: FirmwareLatestResponse = { update, checked_at: clock.now().toISOString() };
  c.header("Cache-Control", "no-store");
  return c.json(answer);
});

firmwareDeviceRoutes.post(FIRMWARE_OUTCOME_PATH, requireDevice(), async (c: Context<DeviceEnv>) => {
  const body = await readJsonBodyAs(c.req.raw, MAX_DEVICE_BODY_BYTES, FirmwareOutcomeReportSchema);
  if (!body.ok) {
    return firmwareError(c, body.status, body.status === 413 ? "too_large" : "invalid_request", body.message);
  }
  await recordOutcome(c.var.deps.db, c.var.device, body.data, c.var.deps.clock.now());
  c.header("Cache-Control", "no-store");
  return c.json({ recorded: true });
});

firmwareDeviceRoutes.get(`${ARTIFACT_PATH_PREFIX}:id`, async (c) => {
  const { db, storage, clock } = c.var.deps;
  const releaseId = c.req.param("id");
  const check = await verifySignedUrl(db, ARTIFACT_URL_PURPOSE, { releaseId }, {
    expires: c.req.query("expires"),
    signature: c.req.query("signature"),
  }, clock.now());
  if (!check.ok) {
    return firmwareError(
      c,
      403,
      "unauthorized",
      "The download link is invalid or has expired; ask for a new one.",
    );
  }
  const release = await findRelease(db, releaseId);
  const served = release && await serveObject(c.req.raw, storage, {
    key: release.artifactKey,
    contentType: "application/octet-stream",
    cacheControl: "private, no-store",
    etag: release.sha256,
    attachmentName: `mixera-controller-${release.version}`,
  });
  return served || firmwareError(c, 404, "not_found", "No such firmware artifact.");
});
