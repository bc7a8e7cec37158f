/**
 * @module
 * What devices report after an update: each report is stored with its release, written to the audit
 * log, and an installed version becomes the device's firmware at once (the next HELLO would say the
 * same). Also the last outcome of one device, for its page.
 */
import type { InStatement } from "@libsql/client";
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { firmwareOutcomes } from "../../db/schema/firmware.ts";
import type { FirmwareOutcomeReport } from "../../../shared/ota/mod.ts";
import { auditStatement } from "./audit.ts";
import { findReleaseByVersion } from "./releases.ts";

export interface ReportingDevice {
  id: string;
  serial: string;
  userId: string;
}

export async function recordOutcome(
  db: Db,
  device: ReportingDevice,
  report: FirmwareOutcomeReport,
  now: Date,
): Promise<void> {
  const release = await findReleaseByVersion(db, report.version);
  const reason = report.outcome === "rolled_back" ? report.reason : "";
  const statements: InStatement[] = [
    {
      sql:
        `INSERT INTO firmware_outcomes (device_id, release_id, outcome, version, previous_version, reason, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)`,
      args: [
        device.id,
        release?.id ?? null,
        report.outcome,
        report.version,
        report.previous_version,
        reason,
        now.getTime(),
      ],
    },
    auditStatement({
      event: report.outcome === "installed" ? "device_installed" : "device_rolled_back",
      releaseId: release?.id ?? null,
      version: report.version,
      deviceOwnerId: device.userId,
      serial: device.serial,
      detail: report.outcome === "installed"
        ? `${report.previous_version} → ${report.version}`
        : `${report.version} rolled back to ${report.previous_version}: ${reason}`,
    }, now),
  ];
  if (report.outcome === "installed") {
    statements.push({
      sql: "UPDATE devices SET firmware = ? WHERE id = ?",
      args: [report.version, device.id],
    });
  }
  await db.$client.batch(statements, "write");
}

export async function lastOutcome(db: Db, deviceId: string) {
  const [row] = await db.select().from(firmwareOutcomes).where(eq(firmwareOutcomes.deviceId, deviceId))
    .orderBy(desc(firmwareOutcomes.id)).limit(1);
  return row ?? null;
}

/** The newest reports of one release, for its admin page. */
export async function outcomesOfRelease(db: Db, releaseId: string, limit = 100) {
  return await db.select().from(firmwareOutcomes).where(eq(firmwareOutcomes.releaseId, releaseId))
    .orderBy(desc(firmwareOutcomes.id)).limit(limit);
}
