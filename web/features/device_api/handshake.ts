/**
 * @module
 * The cloud handshake (OCP §3 over HTTPS): a controller sends HELLO with a JWT signed by its device
 * key; the portal checks the key on record for that serial, spends the `jti`, and answers HELLO_ACK
 * with compatibility, warnings (OCP §6), the server time, the device's lock, cloud-access state and
 * pending command, and a fresh OCP session.
 */
import type { Db } from "../../db/client.ts";
import { countAttemptStatement } from "../../security/rate_limit.ts";
import { groupedWriteBatch } from "../../db/write_group.ts";
import { verifyDeviceJwt } from "../../../shared/devices/jwt.ts";
import type { CloudHello, CloudHelloAck, DeviceErrorCode } from "../../../shared/devices/schemas.ts";
import {
  type Compatibility,
  OCP_PROTOCOL_VERSION,
  type OcpWarning,
  WARNING_MESSAGES,
} from "../../../shared/ocp/mod.ts";
import { findModel } from "../devices/mod.ts";
import { devicePublicKey } from "./keys.ts";
import { LAST_SEEN_EVERY_MS } from "./device_auth.ts";
import { newDeviceSession } from "./sessions.ts";
import { isUniqueViolation } from "./sql.ts";
import { spendTokenStatement, tokenSpentCondition } from "./spent_tokens.ts";

/** Handshakes per device per minute: a controller needs about one an hour. */
export const HELLO_LIMIT = { limit: 60, windowMs: 60_000 };

export type HandshakeResult =
  | { ok: true; ack: CloudHelloAck; session: { id: string; token: string } }
  | { ok: false; status: 400 | 401 | 429; error: DeviceErrorCode; message: string };

interface DeviceRecord {
  id: string;
  model: string;
  publicKey: string | null;
  locked: boolean;
  command: "factory_reset" | null;
  cloudAccess: boolean;
  firmware: string | null;
  lastSeenAt: number | null;
}

async function findDeviceBySerial(db: Db, serial: string): Promise<DeviceRecord | undefined> {
  const { rows } = await db.$client.execute({
    sql:
      `SELECT d.id, d.model, d.public_key, d.locked_at, d.pending_command, d.firmware, d.last_seen_at, COALESCE(st.cloud_access, 0) AS cloud_access
            FROM devices d LEFT JOIN device_settings st ON st.user_id = d.user_id WHERE d.serial = ?`,
    args: [serial],
  });
  const row = rows[0];
  if (!row) return undefined;
  return {
    id: String(row.id),
    model: String(row.model),
    publicKey: row.public_key === null ? null : String(row.public_key),
    locked: row.locked_at !== null,
    command: row.pending_command === null ? null : "factory_reset",
    cloudAccess: Number(row.cloud_access) === 1,
    firmware: row.firmware === null ? null : String(row.firmware),
    lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
  };
}

/** OCP §6 applied to a cloud HELLO against the registration. */
export function assessHello(hello: CloudHello, registeredModel: string): {
  compatibility: Compatibility;
  warnings: OcpWarning[];
} {
  const warnings: OcpWarning[] = [];
  const warn = (code: keyof typeof WARNING_MESSAGES) =>
    warnings.push({ code, message: WARNING_MESSAGES[code] });
  if (!hello.payload.serial_number) warn("W001");
  if (hello.payload.model_number !== registeredModel) warn("W002");
  if (hello.payload.protocol_version.split(".")[0] !== OCP_PROTOCOL_VERSION.split(".")[0]) warn("W003");
  const compatibility: Compatibility = !findModel(registeredModel)
    ? "UNKNOWN"
    : warnings.length
    ? "PARTIAL"
    : "FULL";
  return { compatibility, warnings };
}

export async function performHandshake(
  db: Db,
  { hello, jwt, audience, now }: { hello: CloudHello; jwt: string; audience: string; now: Date },
): Promise<HandshakeResult> {
  const serial = hello.from.serial;
  if (hello.payload.serial_number && hello.payload.serial_number !== serial) {
    return {
      ok: false,
      status: 400,
      error: "invalid_request",
      message: "payload.serial_number differs from from.serial.",
    };
  }
  const device = await findDeviceBySerial(db, serial);
  if (!device || !device.publicKey) {
    return {
      ok: false,
      status: 401,
      error: "device_not_linked",
      message: "This device is not linked to an account; run `mixera-controller link`.",
    };
  }
  const key = await devicePublicKey(device.publicKey);
  const verified = key
    ? await verifyDeviceJwt(jwt, key, { audience, subject: serial, nowSec: Math.floor(now.getTime() / 1000) })
    : { ok: false as const, problem: "bad_signature" as const };
  if (!verified.ok) {
    return {
      ok: false,
      status: 401,
      error: "invalid_token",
      message: `The device token is not valid (${verified.problem}).`,
    };
  }
  // One grouped transaction: count the handshake against the device's limit, spend the jti, issue the
  // session and note the visit. Every write after the count only happens while within the limit.
  const spent = tokenSpentCondition(verified.claims);
  const session = newDeviceSession(device.id, now, spent);
  const limitKey = `device:hello:serial:${serial}`;
  const withinLimit = `(SELECT count FROM rate_limits WHERE key = ?) <= ${HELLO_LIMIT.limit}`;
  let results;
  try {
    results = await groupedWriteBatch(db.$client, [
      countAttemptStatement(limitKey, HELLO_LIMIT, now),
      spendTokenStatement(verified.claims, device.id, { sql: withinLimit, args: [limitKey] }),
      ...session.statements,
      // "Last seen" moves at most once a minute (as for other device calls) unless the firmware changed.
      ...(device.firmware === hello.payload.firmware_version && device.lastSeenAt !== null &&
          now.getTime() - device.lastSeenAt < LAST_SEEN_EVERY_MS
        ? []
        : [{
          sql: `UPDATE devices SET last_seen_at = ?, firmware = ? WHERE id = ? AND ${spent.sql}`,
          args: [now.getTime(), hello.payload.firmware_version, device.id, ...spent.args],
        }]),
    ]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      return {
        ok: false,
        status: 401,
        error: "replayed_token",
        message: "This device token was used already.",
      };
    }
    throw error;
  }
  if (results[1].rowsAffected === 0) {
    return {
      ok: false,
      status: 429,
      error: "rate_limited",
      message: "Too many handshakes from this device.",
    };
  }
  const { compatibility, warnings } = assessHello(hello, device.model);
  const serverTime = now.toISOString();
  return {
    ok: true,
    session: { id: session.id, token: session.token },
    ack: {
      id: crypto.randomUUID(),
      type: "HELLO_ACK",
      ts: serverTime,
      from: { role: "cloud" },
      to: { role: "controller", serial },
      payload: {
        accepted: true,
        compatibility,
        warnings,
        server_time: serverTime,
        session: { id: session.id, token: session.token, expires_at: session.expiresAt.toISOString() },
        device: { locked: device.locked, cloud_access: device.cloudAccess, command: device.command },
      },
    },
  };
}

const PRUNE_EVERY_MS = 60_000;
const lastPruned = new WeakMap<Db, number>();

/** Spent JWT ids and sessions past their expiry are deleted, at most once a minute per instance. */
export async function pruneExpiredDeviceRows(db: Db, now: Date): Promise<void> {
  const nowMs = now.getTime();
  if (nowMs - (lastPruned.get(db) ?? -Infinity) < PRUNE_EVERY_MS) return;
  lastPruned.set(db, nowMs);
  await db.$client.batch([
    { sql: "DELETE FROM device_jwt_ids WHERE expires_at < ?", args: [nowMs] },
    { sql: "DELETE FROM device_sessions WHERE expires_at < ?", args: [nowMs] },
  ], "write");
}
