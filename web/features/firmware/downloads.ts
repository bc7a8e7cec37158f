/**
 * @module
 * Fills in the firmware part of a device's Downloads & Resources (web/features/devices): the releases
 * published for the device's model and its last update report.
 */
import { type FirmwareDownloads, provideFirmwareDownloads } from "../devices/mod.ts";
import type { Db } from "../../db/client.ts";
import { lastOutcome } from "./outcomes.ts";
import { releasesForModel } from "./releases.ts";

/** The device page lists this many of the newest releases. */
export const MAX_LISTED_RELEASES = 20;

export async function firmwareDownloadsOf(
  db: Db,
  device: { id: string; model: string },
): Promise<FirmwareDownloads> {
  const [releases, last] = await Promise.all([
    releasesForModel(db, device.model),
    lastOutcome(db, device.id),
  ]);
  return {
    releases: releases.slice(0, MAX_LISTED_RELEASES).map((release) => ({
      version: release.version,
      channel: release.channel,
      publishedAt: release.createdAt,
      sizeBytes: release.sizeBytes,
      sha256: release.sha256,
      releaseNotes: release.releaseNotes,
    })),
    lastOutcome: last
      ? { outcome: last.outcome, version: last.version, reason: last.reason, at: last.createdAt }
      : null,
  };
}

provideFirmwareDownloads(firmwareDownloadsOf);
