/**
 * @module
 * Which library tracks the owner's devices fetched, and when: written by the device cloud API each
 * time it hands a device a download URL, read by the library's "Synced" column and by Linked Devices
 * (last sync, tracks held).
 */
import { count, eq, inArray, max } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { deviceTrackDownloads } from "../../db/schema/device_cloud.ts";

/** Notes that `deviceId` fetched `trackId` at `at` (asking again moves the time forward). */
export async function recordDeviceDownload(
  db: Db,
  download: { deviceId: string; trackId: string; at: Date },
): Promise<void> {
  await db.insert(deviceTrackDownloads).values({
    deviceId: download.deviceId,
    trackId: download.trackId,
    downloadedAt: download.at,
  }).onConflictDoUpdate({
    target: [deviceTrackDownloads.deviceId, deviceTrackDownloads.trackId],
    set: { downloadedAt: download.at },
  });
}

export interface DeviceSyncSummary {
  /** The latest download of any track. */
  lastSyncAt: Date;
  /** How many of the library's tracks the device has fetched. */
  tracks: number;
}

/** Per device of the user that fetched anything: its last sync and how many tracks it holds. */
export async function deviceSyncSummaries(db: Db, userId: string): Promise<Map<string, DeviceSyncSummary>> {
  const rows = await db.select({
    deviceId: deviceTrackDownloads.deviceId,
    lastSyncAt: max(deviceTrackDownloads.downloadedAt),
    tracks: count(),
  }).from(deviceTrackDownloads)
    .innerJoin(cloudTracks, eq(cloudTracks.id, deviceTrackDownloads.trackId))
    .where(eq(cloudTracks.userId, userId))
    .groupBy(deviceTrackDownloads.deviceId);
  return new Map(rows.map((row) => [row.deviceId, { lastSyncAt: row.lastSyncAt!, tracks: row.tracks }]));
}

/** How many devices fetched each of `trackIds` (tracks no device fetched are left out). */
export async function devicesHolding(db: Db, trackIds: string[]): Promise<Map<string, number>> {
  if (trackIds.length === 0) return new Map();
  const rows = await db.select({ trackId: deviceTrackDownloads.trackId, devices: count() })
    .from(deviceTrackDownloads)
    .where(inArray(deviceTrackDownloads.trackId, trackIds))
    .groupBy(deviceTrackDownloads.trackId);
  return new Map(rows.map((row) => [row.trackId, row.devices]));
}
