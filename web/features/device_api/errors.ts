/** @module The device API's JSON error envelope `{error, message}` with the codes of shared/devices. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DeviceErrorCode } from "../../../shared/devices/schemas.ts";

export function deviceError(
  c: Context,
  status: ContentfulStatusCode,
  error: DeviceErrorCode,
  message: string,
): Response {
  c.header("Cache-Control", "no-store");
  return c.json({ error, message }, status);
}
