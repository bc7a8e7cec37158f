/** @module Whose rows the Preview Program holds: each application is its applicant's. */
import { previewApplications } from "../../db/schema/devices.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(ownedByUser(previewApplications.userId));
