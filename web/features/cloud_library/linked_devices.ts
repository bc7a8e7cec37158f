/**
 * @module
 * The user's devices that can reach the cloud library, with their last sync, for the Linked Devices
 * panel. The devices themselves (registration, cloud access, sync times) belong to the devices
 * feature; until it is part of this portal there is no device to list, so the panel shows
 * "No devices connected", which is the true state.
 */
import type { Db } from "../../db/client.ts";

export interface LinkedDevice {
  id: string;
  name: string;
  serialNumber: string;
  /** When the device last synced the library; null when it never has. */
  lastSyncAt: Date | null;
}

export function linkedDevices(_db: Db, _userId: string): Promise<LinkedDevice[]> {
  return Promise.resolve([]);
}
