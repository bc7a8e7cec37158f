/**
 * @module Whose rows the device tables hold: devices, settings and audit rows name their owner; a
 * device's sessions and spent JWT ids belong to whoever owns the device.
 */
import {
  deviceAuditLog,
  deviceJwtIds,
  devices,
  deviceSessions,
  deviceSettings,
} from "../../db/schema/devices.ts";
import { declareUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(devices.userId),
  ownedByUser(deviceSettings.userId),
  // Kept per owner so "removed" outlives the device row.
  ownedByUser(deviceAuditLog.userId),
  ownedThroughParent(deviceSessions.deviceId),
  ownedThroughParent(deviceJwtIds.deviceId),
);
