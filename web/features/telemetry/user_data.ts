/**
 * @module Whose rows the telemetry tables hold: a raw batch belongs to whoever owns the device that
 * sent it; the derived rows name the owner the device had when the batch arrived.
 */
import {
  djDailyStats,
  djPlays,
  djSessions,
  djTransitions,
  telemetryBatches,
} from "../../db/schema/telemetry.ts";
import { declareUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  ownedThroughParent(telemetryBatches.deviceId),
  ownedByUser(djSessions.userId),
  ownedByUser(djPlays.userId),
  ownedByUser(djTransitions.userId),
  ownedByUser(djDailyStats.userId),
);
