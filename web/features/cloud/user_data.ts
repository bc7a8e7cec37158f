/**
 * @module
 * Whose rows the cloud library tables (and the devices' download records of its tracks) hold,
 * for data export and account deletion.
 */
import { cloudQuotas, cloudTracks, cloudUploads } from "../../db/schema/cloud.ts";
import { deviceTrackDownloads } from "../../db/schema/device_cloud.ts";
import { declareUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(cloudTracks.userId),
  ownedByUser(cloudUploads.userId),
  ownedByUser(cloudQuotas.userId),
  ownedThroughParent(deviceTrackDownloads.trackId),
);
