/**
 * @module
 * The shape of the download URLs the portal signs itself (for files it stores on its own disk):
 * `/api/device/cloud/files/<trackId>?device=<id>&expires=<unix s>&signature=<mac>`, signed
 * (web/http/signed_url.ts) over the track and the device, so no other track or device can be swapped
 * in. `file_routes.ts` serves them.
 */
import type { Db } from "../../db/client.ts";
import { signUrl } from "../../http/signed_url.ts";

export const DEVICE_CLOUD_FILES_PATH = "/api/device/cloud/files";
export const DOWNLOAD_URL_PURPOSE = "device-cloud-download";

/** The absolute URL under `publicUrl` through which `deviceId` may fetch `trackId` until `expiresAtSec`. */
export async function signDownloadUrl(
  db: Db,
  publicUrl: string,
  grant: { trackId: string; deviceId: string; expiresAtSec: number },
  now: Date,
): Promise<string> {
  const url = new URL(`${DEVICE_CLOUD_FILES_PATH}/${encodeURIComponent(grant.trackId)}`, publicUrl);
  url.searchParams.set("device", grant.deviceId);
  return await signUrl(db, url, {
    purpose: DOWNLOAD_URL_PURPOSE,
    fields: { trackId: grant.trackId, device: grant.deviceId },
    expiresAtSec: grant.expiresAtSec,
  }, now);
}
