/**
 * @module The devices a user can buy connectivity for. This branch of the portal has no device
 * registry yet, so nobody has one: the page says "Register a device first" and a connectivity
 * checkout is refused until devices exist.
 */
import type { Db } from "../../db/client.ts";
import type { UpgradableDevice } from "./views.tsx";

export function upgradableDevices(_db: Db, _userId: string): Promise<UpgradableDevice[]> {
  return Promise.resolve([]);
}
