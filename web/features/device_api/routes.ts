/**
 * @module
 * The device-facing API (machine endpoints: no cookies, no CSRF check, JSON in and out):
 * - `POST /api/device/link` — after the device grant, register/attach the controller (owner's token);
 * - `POST /api/device/hello` — the cloud handshake, HELLO → HELLO_ACK plus `X-OCP-Session`/`X-OCP-Token`;
 * - `GET /api/device/status` — the device's state (the cheapest authenticated call);
 * - `POST /api/device/key` — key rotation, the new key vouched for by the old one;
 * - `POST /api/device/commands/confirm` — the device confirms a cloud command (factory reset).
 */
import { eq } from "drizzle-orm";
import { type Context, Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { deviceSessions } from "../../db/schema/devices.ts";
import { clientIp } from "../../http/client_ip.ts";
import { readJsonBodyAs } from "../../http/json_body.ts";
import { consumeRateLimit } from "../../security/rate_limit.ts";
import { importDevicePublicKey, verifyDeviceJwt } from "../../../shared/devices/jwt.ts";
import {
  CloudHelloSchema,
  CommandConfirmationSchema,
  KeyRotationSchema,
  LinkRequestSchema,
  MAX_DEVICE_BODY_BYTES,
} from "../../../shared/devices/schemas.ts";
import { auditInsert } from "../devices/mod.ts";
import { type DeviceEnv, requireDevice } from "./device_auth.ts";
import { deviceError } from "./errors.ts";
import { performHandshake, pruneExpiredDeviceRows } from "./handshake.ts";
import { linkController } from "./link.ts";
import { devicePublicKey } from "./keys.ts";
import { isUniqueViolation, toStatement } from "./sql.ts";
import { spendTokenStatement } from "./spent_tokens.ts";
import "./status_endpoints.ts";

const FAILURE_IP_LIMIT = { limit: 60, windowMs: 60_000 };
const LINK_IP_LIMIT = { limit: 30, windowMs: 60_000 };

function bearer(c: Context): string | null {
  const match = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/.exec(c.req.header("authorization") ?? "");
  return match ? match[1] : null;
}

/** The audience devices must name: the portal's public origin. */
function audienceOf<E extends AppEnv>(c: Context<E>): string {
  return new URL(c.var.deps.config.publicUrl).origin;
}

async function failureAllowed<E extends AppEnv>(c: Context<E>): Promise<boolean> {
  const { db, clock } = c.var.deps;
  return (await consumeRateLimit(db, `device:failure:ip:${clientIp(c)}`, FAILURE_IP_LIMIT, clock.now()))
    .allowed;
}

export const deviceApiRoutes = new Hono<DeviceEnv>();

deviceApiRoutes.post("/api/device/link", async (c) => {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  if (!(await consumeRateLimit(db, `device:link:ip:${clientIp(c)}`, LINK_IP_LIMIT, now)).allowed) {
    return deviceError(c, 429, "rate_limited", "Too many link attempts; try again in a minute.");
  }
  const accessToken = bearer(c);
  if (!accessToken) {
    return deviceError(c, 401, "unauthorized", "Send the owner's access token as a Bearer token.");
  }
  const body = await readJsonBodyAs(c.req.raw, MAX_DEVICE_BODY_BYTES, LinkRequestSchema);
  if (!body.ok) {
    return deviceError(c, body.status, body.status === 413 ? "too_large" : "invalid_request", body.message);
  }
  const result = await linkController(db, { accessToken, request: body.data, audience: audienceOf(c), now });
  if (!result.ok) return deviceError(c, result.status, result.error, result.message);
  return c.json({
    linked: true,
    serial_number: body.data.serial_number,
    registered_now: result.registeredNow,
  });
});

deviceApiRoutes.post("/api/device/hello", async (c) => {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const jwt = bearer(c);
  if (!jwt) return deviceError(c, 401, "invalid_token", "Send a device-signed JWT as a Bearer token.");
  const body = await readJsonBodyAs(c.req.raw, MAX_DEVICE_BODY_BYTES, CloudHelloSchema);
  if (!body.ok) {
    return deviceError(c, body.status, body.status === 413 ? "too_large" : "invalid_request", body.message);
  }
  const hello = body.data;
  const headerSerial = c.req.header("x-device-serial");
  if (headerSerial !== undefined && headerSerial !== hello.from.serial) {
    return deviceError(c, 400, "invalid_request", "X-Device-Serial differs from the HELLO's serial.");
  }
  await pruneExpiredDeviceRows(db, now);
  const result = await performHandshake(db, { hello, jwt, audience: audienceOf(c), now });
  if (!result.ok && result.status === 429) {
    c.header("Retry-After", "60");
    return deviceError(c, 429, result.error, result.message);
  }
  if (!result.ok) {
    if (!await failureAllowed(c)) return deviceError(c, 429, "rate_limited", "Too many failed handshakes.");
    return deviceError(c, result.status, result.error, result.message);
  }
  c.header("X-OCP-Session", result.session.id);
  c.header("X-OCP-Token", result.session.token);
  c.header("Cache-Control", "no-store");
  return c.json(result.ack);
});

deviceApiRoutes.get("/api/device/status", requireDevice(), (c) => {
  const device = c.var.device;
  return c.json({
    serial_number: device.serial,
    locked: device.locked,
    cloud_access: device.cloudAccess,
    command: device.command,
    server_time: c.var.deps.clock.now().toISOString(),
  });
});

deviceApiRoutes.post("/api/device/key", requireDevice(), async (c) => {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const device = c.var.device;
  const body = await readJsonBodyAs(c.req.raw, MAX_DEVICE_BODY_BYTES, KeyRotationSchema);
  if (!body.ok) {
    return deviceError(c, body.status, body.status === 413 ? "too_large" : "invalid_request", body.message);
  }
  const oldKey = await devicePublicKey(device.publicKey);
  const proof = oldKey
    ? await verifyDeviceJwt(body.data.proof, oldKey, {
      audience: audienceOf(c),
      subject: device.serial,
      nowSec: Math.floor(now.getTime() / 1000),
    })
    : null;
  if (!proof?.ok || proof.claims.new_public_key !== body.data.new_public_key) {
    return deviceError(c, 401, "invalid_token", "The new key must be signed by the current device key.");
  }
  if (!await importDevicePublicKey(body.data.new_public_key)) {
    return deviceError(c, 400, "invalid_request", "new_public_key is not an Ed25519 public key.");
  }
  try {
    await db.$client.batch([
      spendTokenStatement(proof.claims, device.id),
      { sql: "UPDATE devices SET public_key = ? WHERE id = ?", args: [body.data.new_public_key, device.id] },
      toStatement(auditInsert(db, {
        userId: device.userId,
        deviceId: device.id,
        serial: device.serial,
        event: "key_rotated",
        actor: "device",
      }, now)),
    ], "write");
  } catch (error) {
    if (isUniqueViolation(error)) {
      return deviceError(c, 401, "replayed_token", "This proof was used already.");
    }
    throw error;
  }
  return c.json({ rotated: true });
});

deviceApiRoutes.post("/api/device/commands/confirm", requireDevice({ allowLocked: true }), async (c) => {
  const { db, clock } = c.var.deps;
  const device = c.var.device;
  const body = await readJsonBodyAs(c.req.raw, MAX_DEVICE_BODY_BYTES, CommandConfirmationSchema);
  if (!body.ok) {
    return deviceError(c, body.status, body.status === 413 ? "too_large" : "invalid_request", body.message);
  }
  if (device.command !== body.data.command) {
    return deviceError(c, 400, "invalid_request", "No such command is pending for this device.");
  }
  // The reset wiped the controller's link, so its key and sessions go too: it links again from scratch.
  await db.$client.batch([
    {
      sql: "UPDATE devices SET pending_command = NULL, public_key = NULL, linked_at = NULL WHERE id = ?",
      args: [device.id],
    },
    toStatement(db.delete(deviceSessions).where(eq(deviceSessions.deviceId, device.id))),
    toStatement(auditInsert(db, {
      userId: device.userId,
      deviceId: device.id,
      serial: device.serial,
      event: "factory_reset",
      actor: "device",
    }, clock.now())),
  ], "write");
  return c.json({ confirmed: true });
});
