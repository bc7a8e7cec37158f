/**
 * @module
 * The firmware audit log (OCP §7): every published release, every rollout change and every outcome a
 * device reports, with the admin or the device that caused it. Entries are written in the same batch
 * or transaction as the change they describe.
 */
import type { InStatement } from "@libsql/client";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type FirmwareAuditEvent, firmwareAuditLog } from "../../db/schema/firmware.ts";
import { users } from "../../db/schema/users.ts";

export interface FirmwareAuditRecord {
  event: FirmwareAuditEvent;
  releaseId: string | null;
  version: string;
  actorUserId?: string;
  deviceOwnerId?: string;
  serial?: string;
  detail: string;
}

/** The statement that writes one entry, for the caller's batch or transaction. */
export function auditStatement(record: FirmwareAuditRecord, now: Date): InStatement {
  return {
    sql: `INSERT INTO firmware_audit_log
            (event, release_id, version, actor_user_id, device_owner_id, serial, detail, created_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    args: [
      record.event,
      record.releaseId,
      record.version,
      record.actorUserId ?? null,
      record.deviceOwnerId ?? null,
      record.serial ?? null,
      record.detail.slice(0, 1000),
      now.getTime(),
    ],
  };
}

export interface AuditLine {
  id: number;
  event: FirmwareAuditEvent;
  releaseId: string | null;
  version: string;
  serial: string | null;
  detail: string;
  createdAt: Date;
  /** The acting admin's display name; null for device entries or a deleted account. */
  actorName: string | null;
}

/** The newest entries, at most `limit`; only those of one release when `releaseId` is given. */
export async function listAudit(
  db: Db,
  options: { limit?: number; releaseId?: string } = {},
): Promise<AuditLine[]> {
  return await db.select({
    id: firmwareAuditLog.id,
    event: firmwareAuditLog.event,
    releaseId: firmwareAuditLog.releaseId,
    version: firmwareAuditLog.version,
    serial: firmwareAuditLog.serial,
    detail: firmwareAuditLog.detail,
    createdAt: firmwareAuditLog.createdAt,
    actorName: users.displayName,
  }).from(firmwareAuditLog)
    .leftJoin(users, eq(users.id, firmwareAuditLog.actorUserId))
    .where(options.releaseId ? eq(firmwareAuditLog.releaseId, options.releaseId) : undefined)
    .orderBy(desc(firmwareAuditLog.id))
    .limit(options.limit ?? 200);
}
