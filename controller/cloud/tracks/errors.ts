/**
 * @module
 * Why a cloud track command failed, as a short code the engine API puts in its `error` event (front ends
 * branch on the code, people read the message), and how a portal answer maps onto those codes.
 */
import { DeviceCloudErrorSchema } from "../../../shared/cloud/device_cloud.ts";
import type { CloudResponse } from "../http_client.ts";

export const CLOUD_TRACK_ERROR_CODES = [
  "not_linked",
  "locked",
  "cloud_access_off",
  "unknown_track",
  "network_down",
  "checksum_mismatch",
  "cache_full",
  "portal_error",
] as const;
export type CloudTrackErrorCode = typeof CLOUD_TRACK_ERROR_CODES[number];

export class CloudTrackError extends Error {
  constructor(readonly code: CloudTrackErrorCode, message: string) {
    super(message);
  }
}

const REFUSALS: Partial<Record<string, [CloudTrackErrorCode, string]>> = {
  device_not_linked: ["not_linked", "this controller is not linked to a MIXERA account"],
  invalid_token: ["not_linked", "the portal did not accept this controller's session"],
  unauthorized: ["not_linked", "the portal did not accept this controller's session"],
  device_locked: ["locked", "this controller is locked by its owner (unlock it in the MIXERA portal)"],
  cloud_access_disabled: ["cloud_access_off", "cloud access is switched off in the owner's account settings"],
};

/**
 * The error a refused portal answer stands for; a 404 names the track, since every device cloud path
 * below the list is a track's.
 *
 * @example
 * portalRefusal({ status: 403, headers: new Headers(), body: { error: "device_locked", message: "" } }, "t1").code; // "locked"
 */
export function portalRefusal(response: CloudResponse, trackId?: string): CloudTrackError {
  const parsed = DeviceCloudErrorSchema.safeParse(response.body);
  const code = parsed.success ? parsed.data.error : null;
  const known = code ? REFUSALS[code] : undefined;
  if (known) return new CloudTrackError(...known);
  if (response.status === 401) return new CloudTrackError(...REFUSALS.device_not_linked!);
  if (response.status === 404) {
    return new CloudTrackError("unknown_track", `no cloud track ${trackId ?? ""} for this controller`.trim());
  }
  const detail = parsed.success ? `${parsed.data.error}: ${parsed.data.message}` : `HTTP ${response.status}`;
  return new CloudTrackError("portal_error", `the portal refused the request (${detail})`);
}
