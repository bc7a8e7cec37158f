/**
 * @module
 * The guard of every authenticated device endpoint: `X-OCP-Session`, `X-OCP-Token` and
 * `X-Device-Serial` must all match one live session of one registered device. Failures are counted per
 * IP in the database (so guessing is slow on every instance); a locked device is refused with
 * `device_locked`; each device's successful calls are limited per instance in memory, because a
 * database write per request would cost more than the request itself.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../../context.ts";
import { clientIp } from "../../http/client_ip.ts";
import { consumeRateLimit } from "../../security/rate_limit.ts";
import { deviceError } from "./errors.ts";
import { type AuthenticatedDevice, validateDeviceSession } from "./sessions.ts";

export type DeviceEnv = AppEnv & { Variables: { device: AuthenticatedDevice } };

/** Failed device authentications per IP per minute. */
export const DEVICE_AUTH_FAILURE_LIMIT = { limit: 60, windowMs: 60_000 };
/** Requests per device per minute (per portal instance). */
export const DEVICE_REQUEST_LIMIT = 6000;

/** "Last seen" is written at most this often, so most requests cost one read and no write. */
export const LAST_SEEN_EVERY_MS = 60_000;

const requestCounts = new Map<string, { windowStart: number; count: number }>();

function withinDeviceLimit(deviceId: string, nowMs: number): boolean {
  const entry = requestCounts.get(deviceId);
  if (!entry || nowMs - entry.windowStart >= 60_000) {
    if (requestCounts.size > 100_000) requestCounts.clear();
    requestCounts.set(deviceId, { windowStart: nowMs, count: 1 });
    return true;
  }
  entry.count++;
  return entry.count <= DEVICE_REQUEST_LIMIT;
}

/**
 * @example
 * ```ts
 * deviceApiRoutes.get("/api/device/status", requireDevice(), (c) => c.json({ serial: c.var.device.serial }));
 * ```
 */
export function requireDevice(options: { allowLocked?: boolean } = {}): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    const { db, clock } = c.var.deps;
    const now = clock.now();
    const check = await validateDeviceSession(db, {
      session: c.req.header("x-ocp-session") ?? "",
      token: c.req.header("x-ocp-token") ?? "",
      serial: c.req.header("x-device-serial") ?? "",
    }, now);
    if (!check.ok) {
      const limit = await consumeRateLimit(
        db,
        `device:auth-failure:ip:${clientIp(c)}`,
        DEVICE_AUTH_FAILURE_LIMIT,
        now,
      );
      if (!limit.allowed) {
        c.header("Retry-After", String(limit.retryAfterSec));
        return deviceError(c, 429, "rate_limited", "Too many failed device authentications.");
      }
      const message = check.reason === "expired"
        ? "The OCP session expired; send a new HELLO."
        : check.reason === "wrong_serial"
        ? "X-Device-Serial does not match the session."
        : "Send X-OCP-Session, X-OCP-Token and X-Device-Serial of a live session (POST /api/device/hello).";
      return deviceError(c, 401, "invalid_token", message);
    }
    const device = check.device;
    if (device.locked && !options.allowLocked) {
      return deviceError(c, 403, "device_locked", "This device is locked by its owner.");
    }
    if (!withinDeviceLimit(device.id, now.getTime())) {
      c.header("Retry-After", "60");
      return deviceError(c, 429, "rate_limited", "Too many requests from this device.");
    }
    if (device.lastSeenAt === null || now.getTime() - device.lastSeenAt >= LAST_SEEN_EVERY_MS) {
      await db.$client.execute({
        sql: "UPDATE devices SET last_seen_at = ? WHERE id = ?",
        args: [now.getTime(), device.id],
      });
    }
    c.set("device", device);
    await next();
  };
}

/**
 * After {@link requireDevice}: lets the device reach its owner's cloud library only while the owner has
 * "Enable Cloud Access for Devices" on (read with the session, so switching it off applies at once).
 */
export function requireCloudAccess(): MiddlewareHandler<DeviceEnv> {
  return async (c, next) => {
    if (!c.var.device.cloudAccess) {
      return deviceError(
        c,
        403,
        "cloud_access_disabled",
        "The owner has not enabled cloud access for devices (Profile → MIXERA Cloud).",
      );
    }
    await next();
  };
}
