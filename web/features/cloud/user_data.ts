/** @module Whose rows the cloud library tables hold, for data export and account deletion. */
import { cloudQuotas, cloudTracks, cloudUploads } from "../../db/schema/cloud.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(cloudTracks.userId),
  ownedByUser(cloudUploads.userId),
  ownedByUser(cloudQuotas.userId),
);
