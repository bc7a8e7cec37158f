/**
 * @module
 * OCP cloud sessions, in the style of web/auth/session.ts: `X-OCP-Session` is a random id that finds
 * the row, `X-OCP-Token` a random secret stored only as SHA-256 and compared in constant time. A
 * session lives at most an hour; every handshake issues a fresh one (the token rotates); expired ones are
 * deleted once a minute (handshake.ts, pruneExpiredDeviceRows). Validation reads the device's current state in the same query, so a lock,
 * a revoked key or a removal takes effect on the very next request.
 */
import type { InStatement, InValue } from "@libsql/client";
import type { Db } from "../../db/client.ts";
import { hashSecret, randomSecret, secretsEqual } from "../../auth/secrets.ts";

export const DEVICE_SESSION_TTL_MS = 60 * 60 * 1000;

export interface IssuedDeviceSession {
  id: string;
  token: string;
  expiresAt: Date;
  /** The writes that create it, for the caller's batch. */
  statements: InStatement[];
}

/** A condition the session's writes depend on (the handshake's: its jti was spent by the same batch). */
export interface WriteGuard {
  sql: string;
  args: InValue[];
}

export function newDeviceSession(deviceId: string, now: Date, guard: WriteGuard): IssuedDeviceSession {
  // The id leads with the issue time so new rows append to the key index (the token stays all random).
  const id = `${now.getTime().toString(16).padStart(12, "0")}${randomSecret(15)}`;
  const token = randomSecret(24);
  const expiresAt = new Date(now.getTime() + DEVICE_SESSION_TTL_MS);
  return {
    id,
    token,
    expiresAt,
    statements: [
      {
        sql: `INSERT INTO device_sessions (id, device_id, token_hash, expires_at, created_at)
              SELECT ?, ?, ?, ?, ? WHERE ${guard.sql}`,
        args: [id, deviceId, hashSecret(token), expiresAt.getTime(), now.getTime(), ...guard.args],
      },
    ],
  };
}

/** The device behind a valid session, with what every device request needs to know. */
export interface AuthenticatedDevice {
  id: string;
  serial: string;
  userId: string;
  model: string;
  locked: boolean;
  cloudAccess: boolean;
  command: "factory_reset" | null;
  publicKey: string;
  lastSeenAt: number | null;
  sessionId: string;
  sessionExpiresAt: number;
}

export type SessionCheck =
  | { ok: true; device: AuthenticatedDevice }
  | { ok: false; reason: "invalid" | "expired" | "wrong_serial" };

const LOOKUP =
  `SELECT s.token_hash, s.expires_at, d.id, d.serial, d.user_id, d.model, d.locked_at, d.pending_command,
       d.public_key, d.last_seen_at, COALESCE(st.cloud_access, 0) AS cloud_access
  FROM device_sessions s
  JOIN devices d ON d.id = s.device_id
  LEFT JOIN device_settings st ON st.user_id = d.user_id
 WHERE s.id = ?`;

/** Checks the three headers together: the session must exist, its token match and its device carry the serial. */
export async function validateDeviceSession(
  db: Db,
  headers: { session: string; token: string; serial: string },
  now: Date,
): Promise<SessionCheck> {
  if (!headers.session || headers.session.length > 64 || !headers.token || headers.token.length > 128) {
    return { ok: false, reason: "invalid" };
  }
  const { rows } = await db.$client.execute({ sql: LOOKUP, args: [headers.session] });
  const row = rows[0];
  if (!row || !secretsEqual(hashSecret(headers.token), String(row.token_hash))) {
    return { ok: false, reason: "invalid" };
  }
  if (row.public_key === null) return { ok: false, reason: "invalid" };
  if (!secretsEqual(String(row.serial), headers.serial)) return { ok: false, reason: "wrong_serial" };
  if (Number(row.expires_at) <= now.getTime()) return { ok: false, reason: "expired" };
  return {
    ok: true,
    device: {
      id: String(row.id),
      serial: String(row.serial),
      userId: String(row.user_id),
      model: String(row.model),
      locked: row.locked_at !== null,
      cloudAccess: Number(row.cloud_access) === 1,
      command: row.pending_command === null ? null : "factory_reset",
      publicKey: String(row.public_key),
      lastSeenAt: row.last_seen_at === null ? null : Number(row.last_seen_at),
      sessionId: headers.session,
      sessionExpiresAt: Number(row.expires_at),
    },
  };
}
