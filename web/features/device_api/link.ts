/**
 * @module
 * Linking a controller after the device authorization grant: the controller presents the owner's
 * access token (scope `devices:link`) and its identity, proves it holds the key with a JWT signed by
 * it, and the portal registers the serial to that owner (or attaches the key to the owner's existing
 * registration). A serial registered to another account is refused without saying whose.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type User, users } from "../../db/schema/users.ts";
import { importDevicePublicKey, verifyDeviceJwt } from "../../../shared/devices/jwt.ts";
import type { DeviceErrorCode, LinkRequest } from "../../../shared/devices/schemas.ts";
import { serialProblem } from "../../../shared/devices/serial.ts";
import { auditInsert, findModel, registerDevice } from "../devices/mod.ts";
import { hasPreviewAccess } from "../preview/mod.ts";
import { validateAccessToken } from "../oauth/mod.ts";
import { isUniqueViolation, toStatement } from "./sql.ts";
import { spendTokenStatement } from "./spent_tokens.ts";

export type LinkResult =
  | { ok: true; registeredNow: boolean }
  | { ok: false; status: 400 | 401 | 403 | 409; error: DeviceErrorCode; message: string };

async function ownerOfToken(db: Db, accessToken: string, now: Date): Promise<User | "no_scope" | null> {
  const valid = await validateAccessToken(db, accessToken, now);
  if (!valid) return null;
  if (!valid.scopes.includes("devices:link")) return "no_scope";
  const [user] = await db.select().from(users).where(eq(users.mixeraId, valid.user.mixeraId));
  return user ?? null;
}

export async function linkController(
  db: Db,
  { accessToken, request, audience, now }: {
    accessToken: string;
    request: LinkRequest;
    audience: string;
    now: Date;
  },
): Promise<LinkResult> {
  const owner = await ownerOfToken(db, accessToken, now);
  if (owner === null) {
    return { ok: false, status: 401, error: "unauthorized", message: "The access token is not valid." };
  }
  if (owner === "no_scope") {
    return {
      ok: false,
      status: 403,
      error: "unauthorized",
      message: "The access token lacks the devices:link scope.",
    };
  }
  if (!await hasPreviewAccess(db, owner)) {
    return {
      ok: false,
      status: 403,
      error: "not_eligible",
      message: "Device Management is part of the Preview Program.",
    };
  }
  if (!owner.emailVerifiedAt) {
    return {
      ok: false,
      status: 403,
      error: "email_not_verified",
      message: "The owner must verify their email first.",
    };
  }
  const serial = request.serial_number;
  const problem = serialProblem(serial);
  if (problem) return { ok: false, status: 400, error: "invalid_serial", message: problem };
  if (!findModel(request.model_number)) {
    return {
      ok: false,
      status: 400,
      error: "invalid_request",
      message: `Unknown model ${request.model_number}.`,
    };
  }
  const key = await importDevicePublicKey(request.public_key);
  const proof = key
    ? await verifyDeviceJwt(request.proof, key, {
      audience,
      subject: serial,
      nowSec: Math.floor(now.getTime() / 1000),
    })
    : null;
  if (!proof?.ok) {
    return {
      ok: false,
      status: 401,
      error: "invalid_token",
      message: "The proof is not signed by the presented key.",
    };
  }

  const registration = await registerDevice(
    db,
    owner.id,
    {
      serial,
      model: request.model_number,
      purchaseDate: now.toISOString().slice(0, 10),
      nickname: "",
    },
    now,
    "device",
  );
  const device = registration.device;
  if (!device) {
    return {
      ok: false,
      status: 409,
      error: "already_registered",
      message: "This serial number is registered to another account.",
    };
  }
  try {
    // One transaction: the proof's jti is spent first, so a replayed proof changes nothing.
    await db.$client.batch([
      spendTokenStatement(proof.claims, device.id),
      {
        sql: "UPDATE devices SET public_key = ?, linked_at = ?, firmware = ?, last_seen_at = ? WHERE id = ?",
        args: [request.public_key, now.getTime(), request.firmware_version, now.getTime(), device.id],
      },
      { sql: "DELETE FROM device_sessions WHERE device_id = ?", args: [device.id] },
      toStatement(auditInsert(db, {
        userId: owner.id,
        deviceId: device.id,
        serial,
        event: "linked",
        actor: "device",
        detail: `firmware ${request.firmware_version}`,
      }, now)),
    ], "write");
  } catch (error) {
    if (isUniqueViolation(error)) {
      return { ok: false, status: 401, error: "replayed_token", message: "This proof was used already." };
    }
    throw error;
  }
  return { ok: true, registeredNow: registration.ok };
}
