/** @module Whose rows the Infinity tables hold, for data export and account deletion. */
import { externalStorageLinks } from "../../db/schema/external_storage.ts";
import { infinityPlans, infinitySubscriptions } from "../../db/schema/infinity.ts";
import { declareUserData, notUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(
  notUserData(infinityPlans, "the plan catalogue and its prices, the same for everyone"),
  ownedByUser(infinitySubscriptions.userId),
  ownedByUser(externalStorageLinks.userId),
);
