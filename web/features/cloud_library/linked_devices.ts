/**
 * @module
 * The user's devices that can reach the cloud library, with their last sync, for the Linked Devices
 * panel: linked controllers (they hold a device key) of an owner who enabled cloud access. No device
 * fetches the library yet, so every last sync is honestly "never" until devices sync.
 */
import type { Db } from "../../db/client.ts";
import { cloudAccessEnabled, listDevices } from "../devices/mod.ts";

export interface LinkedDevice {
  id: string;
  name: string;
  serialNumber: string;
  /** When the device last synced the library; null when it never has. */
  lastSyncAt: Date | null;
}

export async function linkedDevices(db: Db, userId: string): Promise<LinkedDevice[]> {
  if (!(await cloudAccessEnabled(db, userId))) return [];
  const devices = await listDevices(db, userId);
  return devices.filter((device) => device.publicKey !== null).map((device) => ({
    id: device.id,
    name: device.nickname || device.model,
    serialNumber: device.serial,
    lastSyncAt: null,
  }));
}
