/**
 * @module The devices a user can buy connectivity for: their registered controllers (accessories have
 * no eSIM), as My Devices records them.
 */
import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { devices } from "../../db/schema/devices.ts";
import { findModel } from "../devices/mod.ts";
import type { UpgradableDevice } from "./views.tsx";

export async function upgradableDevices(db: Db, userId: string): Promise<UpgradableDevice[]> {
  const rows = await db.select({
    id: devices.id,
    serial: devices.serial,
    model: devices.model,
    nickname: devices.nickname,
  }).from(devices).where(eq(devices.userId, userId)).orderBy(asc(devices.registeredAt));
  return rows.flatMap((row) => {
    const model = findModel(row.model);
    if (model?.kind !== "controller") return [];
    return [{ id: row.id, label: `${row.nickname || model.name} (${row.serial})` }];
  });
}
