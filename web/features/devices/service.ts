/**
 * @module
 * Registered devices: registering (one account per serial; the unique serial settles races), listing,
 * renaming, locking, revoking the device key, remote factory reset and removal, each written to the
 * audit log. The per-user "Enable Cloud Access for Devices" setting lives here too.
 */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type Device, devices, deviceSessions, deviceSettings } from "../../db/schema/devices.ts";
import type { User } from "../../db/schema/users.ts";
import { randomSecret } from "../../auth/secrets.ts";
import { type AuditActor, auditInsert } from "./audit.ts";

export interface RegistrationInput {
  serial: string;
  model: string;
  purchaseDate: string;
  nickname: string;
}

export type RegistrationResult =
  | { ok: true; device: Device }
  | { ok: false; code: "already_registered"; ownedByYou: boolean; device?: Device };

/**
 * Registers `serial` to `userId`. A serial that is registered already is refused; whether it is the
 * caller's own is said, but nothing about any other account.
 */
export async function registerDevice(
  db: Db,
  userId: string,
  input: RegistrationInput,
  now: Date,
  actor: AuditActor = "owner",
): Promise<RegistrationResult> {
  const id = randomSecret(12);
  const inserted = await db.insert(devices).values({
    id,
    serial: input.serial,
    userId,
    model: input.model,
    nickname: input.nickname,
    purchaseDate: input.purchaseDate,
    registeredAt: now,
  }).onConflictDoNothing({ target: devices.serial }).returning();
  if (inserted.length === 0) {
    const [existing] = await db.select().from(devices).where(eq(devices.serial, input.serial));
    const ownedByYou = existing?.userId === userId;
    return { ok: false, code: "already_registered", ownedByYou, device: ownedByYou ? existing : undefined };
  }
  await auditInsert(db, {
    userId,
    deviceId: id,
    serial: input.serial,
    event: "registered",
    actor,
    detail: input.model,
  }, now);
  return { ok: true, device: inserted[0] };
}

export function listDevices(db: Db, userId: string): Promise<Device[]> {
  return db.select().from(devices).where(eq(devices.userId, userId)).orderBy(desc(devices.registeredAt));
}

export function listAllDevices(db: Db, limit = 500): Promise<Device[]> {
  return db.select().from(devices).orderBy(desc(devices.registeredAt)).limit(limit);
}

/**
 * The device `id` if `user` may manage it: its owner, or an admin. Anyone else gets undefined, the
 * same answer as for a device that does not exist.
 */
export async function findManagedDevice(
  db: Db,
  user: Pick<User, "id" | "role">,
  id: string,
): Promise<{ device: Device; actor: AuditActor } | undefined> {
  if (id.length > 64) return undefined;
  const [device] = await db.select().from(devices).where(eq(devices.id, id));
  if (!device) return undefined;
  if (device.userId === user.id) return { device, actor: "owner" };
  if (user.role === "admin") return { device, actor: "admin" };
  return undefined;
}

export async function renameDevice(db: Db, device: Device, nickname: string): Promise<void> {
  await db.update(devices).set({ nickname }).where(eq(devices.id, device.id));
}

/** Locks or unlocks; the device's next API call sees it (its state is read on every request). */
export async function setDeviceLock(
  db: Db,
  device: Device,
  locked: boolean,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  await db.batch([
    db.update(devices).set({ lockedAt: locked ? now : null }).where(eq(devices.id, device.id)),
    auditInsert(db, {
      userId: device.userId,
      deviceId: device.id,
      serial: device.serial,
      event: locked ? "locked" : "unlocked",
      actor,
    }, now),
  ]);
}

/** Forgets the device key and ends its sessions: the device must link again. */
export async function revokeDeviceKey(db: Db, device: Device, actor: AuditActor, now: Date): Promise<void> {
  await db.batch([
    db.update(devices).set({ publicKey: null, linkedAt: null }).where(eq(devices.id, device.id)),
    db.delete(deviceSessions).where(eq(deviceSessions.deviceId, device.id)),
    auditInsert(db, {
      userId: device.userId,
      deviceId: device.id,
      serial: device.serial,
      event: "revoked",
      actor,
    }, now),
  ]);
}

/** Queues a factory reset, delivered at the device's next handshake. */
export async function requestFactoryReset(
  db: Db,
  device: Device,
  actor: AuditActor,
  now: Date,
): Promise<void> {
  await db.batch([
    db.update(devices).set({ pendingCommand: "factory_reset" }).where(eq(devices.id, device.id)),
    auditInsert(db, {
      userId: device.userId,
      deviceId: device.id,
      serial: device.serial,
      event: "factory_reset_requested",
      actor,
    }, now),
  ]);
}

/** Removes the device (its sessions and key go with it); the serial is free to register again. */
export async function removeDevice(db: Db, device: Device, actor: AuditActor, now: Date): Promise<void> {
  await db.batch([
    db.delete(devices).where(and(eq(devices.id, device.id), eq(devices.userId, device.userId))),
    auditInsert(db, {
      userId: device.userId,
      deviceId: device.id,
      serial: device.serial,
      event: "removed",
      actor,
    }, now),
  ]);
}

export async function cloudAccessEnabled(db: Db, userId: string): Promise<boolean> {
  const [row] = await db.select({ on: deviceSettings.cloudAccess }).from(deviceSettings)
    .where(eq(deviceSettings.userId, userId));
  return row?.on ?? false;
}

export async function setCloudAccess(db: Db, userId: string, enabled: boolean, now: Date): Promise<void> {
  await db.insert(deviceSettings).values({ userId, cloudAccess: enabled, updatedAt: now })
    .onConflictDoUpdate({ target: deviceSettings.userId, set: { cloudAccess: enabled, updatedAt: now } });
}
