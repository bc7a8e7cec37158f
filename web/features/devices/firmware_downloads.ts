/**
 * @module
 * The firmware part of a device's Downloads & Resources: the releases published for its model and
 * what became of its last update. The firmware feature fills it in through
 * `provideFirmwareDownloads` (it builds on devices, so it registers itself rather than being
 * imported here); until it does, the list is empty.
 */
import type { Db } from "../../db/client.ts";

export interface FirmwareDownload {
  version: string;
  channel: string;
  publishedAt: Date;
  sizeBytes: number;
  sha256: string;
  releaseNotes: string;
}

export interface FirmwareDownloads {
  releases: FirmwareDownload[];
  lastOutcome: { outcome: "installed" | "rolled_back"; version: string; reason: string; at: Date } | null;
}

export type FirmwareDownloadsSource = (
  db: Db,
  device: { id: string; model: string },
) => Promise<FirmwareDownloads>;

const NONE: FirmwareDownloads = { releases: [], lastOutcome: null };
let source: FirmwareDownloadsSource | null = null;

export function provideFirmwareDownloads(provide: FirmwareDownloadsSource): void {
  source = provide;
}

export function firmwareDownloads(db: Db, device: { id: string; model: string }): Promise<FirmwareDownloads> {
  return source ? source(db, device) : Promise.resolve(NONE);
}
