/**
 * @module Whose rows the firmware tables hold: releases and the manifest counter are the platform's;
 * a device's update reports belong to the device's owner, and so do the audit entries about them.
 */
import {
  firmwareAuditLog,
  firmwareManifestSequence,
  firmwareOutcomes,
  firmwareReleases,
} from "../../db/schema/firmware.ts";
import { declareUserData, notUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  notUserData(
    firmwareReleases,
    "controller builds published for every device; the publishing admin is a reference cleared when that account goes",
  ),
  notUserData(firmwareManifestSequence, "one counter of signed manifests, the same for everyone"),
  ownedThroughParent(firmwareOutcomes.deviceId),
  // Release and rollout entries have no owner here and stay; a device's outcome entries go with its owner.
  ownedByUser(firmwareAuditLog.deviceOwnerId),
);
