/** @module The device audit log (OCP §7): who did what to which device, for the owner and for admins. */
import { and, desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type DeviceAuditEntry, type DeviceAuditEvent, deviceAuditLog } from "../../db/schema/devices.ts";

export type AuditActor = DeviceAuditEntry["actor"];

export interface AuditRecord {
  userId: string;
  deviceId: string;
  serial: string;
  event: DeviceAuditEvent;
  actor: AuditActor;
  detail?: string;
}

/** The statement that writes one audit row, for callers that batch it with their own change. */
export function auditInsert(db: Db, record: AuditRecord, now: Date) {
  return db.insert(deviceAuditLog).values({ ...record, detail: record.detail ?? "", createdAt: now });
}

export async function recordAudit(db: Db, record: AuditRecord, now: Date): Promise<void> {
  await auditInsert(db, record, now);
}

/** The newest events of one device of one owner. */
export function listDeviceAudit(db: Db, userId: string, deviceId: string, limit = 100) {
  return db.select().from(deviceAuditLog)
    .where(and(eq(deviceAuditLog.userId, userId), eq(deviceAuditLog.deviceId, deviceId)))
    .orderBy(desc(deviceAuditLog.id)).limit(limit);
}

/** The newest events across every device, for admins. */
export function listRecentAudit(db: Db, limit = 200) {
  return db.select().from(deviceAuditLog).orderBy(desc(deviceAuditLog.id)).limit(limit);
}
