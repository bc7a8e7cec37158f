/**
 * @module
 * The device cloud API: a linked, unlocked controller whose owner enabled cloud access browses the
 * tracks the owner's sync settings send to devices (machine endpoints: OCP headers, JSON, no CSRF):
 * - `GET /api/device/cloud/tracks?limit&offset` — one page, stable order, total count;
 * - `GET /api/device/cloud/tracks/search?q&genre&bpmMin&bpmMax&key&limit&offset` — the same, filtered;
 * - `GET /api/device/cloud/tracks/:id/metadata` — tags, analysis, beatgrid, cue points and loops;
 * - `GET /api/device/cloud/tracks/:id/download` — a URL to fetch the file for the next hour (presigned
 *   by the object store, or signed by the portal and served by `file_routes.ts`).
 * A track that is not the owner's or not in the sync selection is answered as unknown (404).
 */
import { type Context, Hono } from "hono";
import type { z } from "zod";
import {
  DEVICE_CLOUD_SEARCH_PATH,
  DEVICE_CLOUD_TRACKS_PATH,
  DOWNLOAD_URL_TTL_SECONDS,
  type TrackDownload,
  TrackIdSchema,
  TrackListQuerySchema,
  TrackSearchQuerySchema,
} from "../../../shared/cloud/device_cloud.ts";
import { recordDeviceDownload } from "../cloud/mod.ts";
import { type DeviceEnv, deviceError, requireCloudAccess, requireDevice } from "../device_api/mod.ts";
import { syncedTrackFile, syncedTrackMetadata, syncedTrackPage } from "./catalogue.ts";
import { signDownloadUrl } from "./download_urls.ts";
import "./status_endpoints.ts";
import "./user_data.ts";

/** Query strings longer than this are refused before parsing. */
const MAX_QUERY_STRING_LENGTH = 2048;

/** The query parameters through `schema`, or a 400 answer (repeated or unknown parameters included). */
function parseQuery<S extends z.ZodType>(
  c: Context<DeviceEnv>,
  schema: S,
): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const search = new URL(c.req.url).search;
  if (search.length > MAX_QUERY_STRING_LENGTH) {
    return { ok: false, response: deviceError(c, 400, "invalid_request", "The query string is too long.") };
  }
  const params: Record<string, string> = {};
  for (const [name, values] of Object.entries(c.req.queries())) {
    if (values.length !== 1) {
      return {
        ok: false,
        response: deviceError(c, 400, "invalid_request", `Send the parameter ${name} at most once.`),
      };
    }
    params[name] = values[0];
  }
  const parsed = schema.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? `${issue.path.join(".")}: ` : "";
    return {
      ok: false,
      response: deviceError(c, 400, "invalid_request", `${where}${issue.message}`.slice(0, 512)),
    };
  }
  return { ok: true, data: parsed.data };
}

function notFound(c: Context<DeviceEnv>): Response {
  return deviceError(c, 404, "not_found", "No such track in the library this device syncs.");
}

/** The `:id` parameter, or null when it cannot be a track id. */
function trackIdOf(c: Context<DeviceEnv>): string | null {
  const parsed = TrackIdSchema.safeParse(c.req.param("id"));
  return parsed.success ? parsed.data : null;
}

function answer<T>(c: Context<DeviceEnv>, body: T): Response {
  c.header("Cache-Control", "no-store");
  return c.json(body);
}

export const deviceCloudRoutes = new Hono<DeviceEnv>();

const device = requireDevice();
const cloudAccess = requireCloudAccess();

deviceCloudRoutes.get(DEVICE_CLOUD_TRACKS_PATH, device, cloudAccess, async (c) => {
  const query = parseQuery(c, TrackListQuerySchema);
  if (!query.ok) return query.response;
  return answer(c, await syncedTrackPage(c.var.deps.db, c.var.device.userId, {}, query.data));
});

deviceCloudRoutes.get(DEVICE_CLOUD_SEARCH_PATH, device, cloudAccess, async (c) => {
  const query = parseQuery(c, TrackSearchQuerySchema);
  if (!query.ok) return query.response;
  const { limit, offset, ...filters } = query.data;
  return answer(c, await syncedTrackPage(c.var.deps.db, c.var.device.userId, filters, { limit, offset }));
});

deviceCloudRoutes.get(`${DEVICE_CLOUD_TRACKS_PATH}/:id/metadata`, device, cloudAccess, async (c) => {
  const trackId = trackIdOf(c);
  if (!trackId) return deviceError(c, 400, "invalid_request", "That is not a track id.");
  const metadata = await syncedTrackMetadata(c.var.deps.db, c.var.device.userId, trackId);
  return metadata ? answer(c, metadata) : notFound(c);
});

deviceCloudRoutes.get(`${DEVICE_CLOUD_TRACKS_PATH}/:id/download`, device, cloudAccess, async (c) => {
  const { db, storage, clock, config } = c.var.deps;
  const trackId = trackIdOf(c);
  if (!trackId) return deviceError(c, 400, "invalid_request", "That is not a track id.");
  const track = await syncedTrackFile(db, c.var.device.userId, trackId);
  if (!track) return notFound(c);
  const now = clock.now();
  const expiresAtSec = Math.floor(now.getTime() / 1000) + DOWNLOAD_URL_TTL_SECONDS;
  const url = await storage.presignedUrl(track.storageKey, { expiresInSec: DOWNLOAD_URL_TTL_SECONDS, now }) ??
    await signDownloadUrl(db, config.publicUrl, { trackId, deviceId: c.var.device.id, expiresAtSec }, now);
  await recordDeviceDownload(db, { deviceId: c.var.device.id, trackId, at: now });
  const body: TrackDownload = {
    url,
    expiresAt: new Date(expiresAtSec * 1000).toISOString(),
    sizeBytes: track.sizeBytes,
    sha256: track.sha256,
  };
  return answer(c, body);
});
