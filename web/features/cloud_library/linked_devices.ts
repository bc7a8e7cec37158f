/**
 * @module
 * The user's devices that can reach the cloud library, with their last sync, for the Linked Devices
 * panel: linked controllers (they hold a device key) of an owner who enabled cloud access. A device's
 * last sync is its latest download through the device cloud API, and what it holds is the tracks it
 * fetched.
 */
import type { Db } from "../../db/client.ts";
import { deviceSyncSummaries } from "../cloud/mod.ts";
import { cloudAccessEnabled, listDevices } from "../devices/mod.ts";

export interface LinkedDevice {
  id: string;
  name: string;
  serialNumber: string;
  /** When the device last synced the library; null when it never has. */
  lastSyncAt: Date | null;
  /** How many library tracks the device has fetched. */
  tracksHeld: number;
}

export async function linkedDevices(db: Db, userId: string): Promise<LinkedDevice[]> {
  if (!(await cloudAccessEnabled(db, userId))) return [];
  const [devices, syncs] = await Promise.all([listDevices(db, userId), deviceSyncSummaries(db, userId)]);
  return devices.filter((device) => device.publicKey !== null).map((device) => ({
    id: device.id,
    name: device.nickname || device.model,
    serialNumber: device.serial,
    lastSyncAt: syncs.get(device.id)?.lastSyncAt ?? null,
    tracksHeld: syncs.get(device.id)?.tracks ?? 0,
  }));
}
