/**
 * @module The devices a user can buy connectivity for: their registered controllers (accessories have
 * no eSIM), as My Devices lists them.
 */
import type { Db } from "../../db/client.ts";
import { findModel, listDevices } from "../devices/mod.ts";
import type { UpgradableDevice } from "./views.tsx";

export async function upgradableDevices(db: Db, userId: string): Promise<UpgradableDevice[]> {
  return (await listDevices(db, userId)).flatMap((device) => {
    const model = findModel(device.model);
    if (model?.kind !== "controller") return [];
    return [{ id: device.id, label: `${device.nickname || model.name} (${device.serial})` }];
  });
}
