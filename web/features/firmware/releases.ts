/**
 * @module
 * Firmware releases in the database: publishing one (its version strictly above every earlier
 * release of its channel, checked and inserted in one write transaction so two admins cannot both
 * win), changing its staged rollout, listing them with how many devices run each and how many
 * rolled back, and the releases for one model.
 */
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { type FirmwareRelease, firmwareReleases } from "../../db/schema/firmware.ts";
import { compareSemver, type FirmwareChannel } from "../../../shared/ota/mod.ts";
import { auditStatement } from "./audit.ts";

export interface Release extends Omit<FirmwareRelease, "models"> {
  models: string[];
}

function withModels(row: FirmwareRelease): Release {
  return { ...row, models: JSON.parse(row.models) as string[] };
}

export interface NewRelease {
  id: string;
  version: string;
  channel: FirmwareChannel;
  models: string[];
  minFirmwareVersion: string;
  releaseNotes: string;
  rolloutPercent: number;
  artifactKey: string;
  sha256: string;
  sizeBytes: number;
  publishedBy: string;
}

/** Why `version` cannot be published on `channel` given the releases so far, or null. */
export function versionProblem(
  existing: readonly { version: string; channel: string }[],
  channel: FirmwareChannel,
  version: string,
): string | null {
  if (existing.some((release) => release.version === version)) {
    return `Version ${version} is already published.`;
  }
  const newest = existing.filter((release) => release.channel === channel)
    .map((release) => release.version)
    .sort(compareSemver).at(-1);
  if (newest !== undefined && compareSemver(version, newest) <= 0) {
    return `The version must be higher than ${newest}, the newest ${channel} release.`;
  }
  return null;
}

async function versionsOf(db: Db): Promise<{ version: string; channel: string }[]> {
  return await db.select({ version: firmwareReleases.version, channel: firmwareReleases.channel })
    .from(firmwareReleases);
}

/** The problem with publishing `version` now, for refusing an upload before its bytes arrive. */
export async function checkNewVersion(
  db: Db,
  channel: FirmwareChannel,
  version: string,
): Promise<string | null> {
  return versionProblem(await versionsOf(db), channel, version);
}

/** Publishes a release and writes its audit entry, or says why the version is not allowed. */
export async function publishRelease(
  db: Db,
  release: NewRelease,
  now: Date,
): Promise<{ ok: true } | { ok: false; problem: string }> {
  const tx = await db.$client.transaction("write");
  try {
    const rows = (await tx.execute("SELECT version, channel FROM firmware_releases")).rows;
    const problem = versionProblem(
      rows.map((row) => ({ version: String(row.version), channel: String(row.channel) })),
      release.channel,
      release.version,
    );
    if (problem) return { ok: false, problem };
    await tx.execute({
      sql: `INSERT INTO firmware_releases (id, version, channel, models, min_firmware_version, release_notes,
              rollout_percent, artifact_key, sha256, size_bytes, published_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      args: [
        release.id,
        release.version,
        release.channel,
        JSON.stringify(release.models),
        release.minFirmwareVersion,
        release.releaseNotes,
        release.rolloutPercent,
        release.artifactKey,
        release.sha256,
        release.sizeBytes,
        release.publishedBy,
        now.getTime(),
      ],
    });
    await tx.execute(auditStatement({
      event: "release_published",
      releaseId: release.id,
      version: release.version,
      actorUserId: release.publishedBy,
      detail: `${release.channel} · ${release.models.join(", ")} · from ${release.minFirmwareVersion} · ` +
        `${release.rolloutPercent}% · ${release.sizeBytes} bytes · sha256 ${release.sha256}`,
    }, now));
    await tx.commit();
    return { ok: true };
  } finally {
    tx.close();
  }
}

export async function findRelease(db: Db, id: string): Promise<Release | null> {
  const [row] = await db.select().from(firmwareReleases).where(eq(firmwareReleases.id, id));
  return row ? withModels(row) : null;
}

export async function findReleaseByVersion(db: Db, version: string): Promise<Release | null> {
  const [row] = await db.select().from(firmwareReleases).where(eq(firmwareReleases.version, version));
  return row ? withModels(row) : null;
}

/** Every release, newest first. */
export async function listReleases(db: Db): Promise<Release[]> {
  return (await db.select().from(firmwareReleases).orderBy(desc(firmwareReleases.createdAt))).map(withModels);
}

/** The releases that target `model`, newest version first. */
export async function releasesForModel(db: Db, model: string): Promise<Release[]> {
  return (await listReleases(db)).filter((release) => release.models.includes(model))
    .sort((a, b) => compareSemver(b.version, a.version));
}

/** Sets the staged rollout of a release and records who changed it from what. */
export async function setRollout(
  db: Db,
  release: Release,
  percent: number,
  actorUserId: string,
  now: Date,
): Promise<void> {
  await db.$client.batch([
    { sql: "UPDATE firmware_releases SET rollout_percent = ? WHERE id = ?", args: [percent, release.id] },
    auditStatement({
      event: "rollout_changed",
      releaseId: release.id,
      version: release.version,
      actorUserId,
      detail: `${release.rolloutPercent}% → ${percent}%`,
    }, now),
  ], "write");
}

export interface ReleaseStats {
  /** Devices whose last announced firmware is this version. */
  devices: number;
  installed: number;
  rolledBack: number;
}

/** Per release id: devices running it and the outcomes devices reported. */
export async function releaseStats(db: Db): Promise<Map<string, ReleaseStats>> {
  const result = await db.$client.execute(
    `SELECT r.id,
            (SELECT COUNT(*) FROM devices d WHERE d.firmware = r.version) AS devices,
            (SELECT COUNT(*) FROM firmware_outcomes o WHERE o.release_id = r.id AND o.outcome = 'installed') AS installed,
            (SELECT COUNT(*) FROM firmware_outcomes o WHERE o.release_id = r.id AND o.outcome = 'rolled_back') AS rolled_back
       FROM firmware_releases r`,
  );
  return new Map(result.rows.map((row) => [String(row.id), {
    devices: Number(row.devices),
    installed: Number(row.installed),
    rolledBack: Number(row.rolled_back),
  }]));
}
