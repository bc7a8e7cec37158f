/** @module Whose rows the analysis tables hold, for data export and account deletion. */
import { analysisJobs, analysisPriorityUsers, trackAnalysis } from "../../db/schema/analysis.ts";
import { declareUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  ownedThroughParent(analysisJobs.trackId),
  ownedThroughParent(trackAnalysis.trackId),
  ownedByUser(analysisPriorityUsers.userId),
);
