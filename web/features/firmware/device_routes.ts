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
import { type DeviceErrorCode, MAX_DEVICE_BODY_BYTES } from "../../../shared/devices/schemas.ts";
import {
  FIRMWARE_LATEST_PATH,
  FIRMWARE_OUTCOME_PATH,
  FirmwareChannelSchema,
  type FirmwareLatestResponse,
  FirmwareOutcomeReportSchema,
} from "../../../shared/ota/mod.ts";
import { type DeviceEnv, requireDevice } from "../device_api/mod.ts";
import { ARTIFACT_PATH_PREFIX, artifactUrlValid } from "./artifact_url.ts";
import { offerFirmware } from "./offer.ts";
import { recordOutcome } from "./outcomes.ts";
import { parseRange } from "./range.ts";
import { findRelease } from "./releases.ts";
import { firmwareKeys } from "./signing_keys.ts";

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
  const { db, config, storage, clock } = c.var.deps;
  const keys = await firmwareKeys(config);
  const releaseId = c.req.param("id");
  const query = { expires: c.req.query("expires"), signature: c.req.query("signature") };
  if (!keys || !await artifactUrlValid(keys.urlKey, releaseId, query, clock.now())) {
    return firmwareError(
      c,
      403,
      "unauthorized",
      "The download link is invalid or has expired; ask for a new one.",
    );
  }
  const release = await findRelease(db, releaseId);
  const size = release ? await storage.size(release.artifactKey) : null;
  if (!release || size === null) return firmwareError(c, 404, "not_found", "No such firmware artifact.");
  const headers: Record<string, string> = {
    "Content-Type": "application/octet-stream",
    "Accept-Ranges": "bytes",
    "Cache-Control": "private, no-store",
    "ETag": `"${release.sha256}"`,
    "Content-Disposition": `attachment; filename="mixera-controller-${release.version}"`,
  };
  const range = parseRange(c.req.header("range"), size);
  if (range.kind === "unsatisfiable") {
    return c.body(null, 416, { ...headers, "Content-Range": `bytes */${size}` });
  }
  const stream = await storage.read(release.artifactKey, range.kind === "range" ? range.range : undefined);
  if (!stream) return firmwareError(c, 404, "not_found", "No such firmware artifact.");
  if (range.kind === "range") {
    const { start, end } = range.range;
    return c.body(stream, 206, {
      ...headers,
      "Content-Range": `bytes ${start}-${end}/${size}`,
      "Content-Length": String(end - start + 1),
    });
  }
  return c.body(stream, 200, { ...headers, "Content-Length": String(size) });
});
