/** @module The ingest endpoint's error answers: the device API's `{error, message}` envelope. */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { DeviceErrorCode } from "../../../shared/devices/schemas.ts";

export function telemetryError(
  c: Context,
  status: ContentfulStatusCode,
  error: DeviceErrorCode,
  message: string,
): Response {
  c.header("Cache-Control", "no-store");
  return c.json({ error, message }, status);
}
