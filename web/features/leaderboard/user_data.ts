/** @module Whose rows the Leaderboard tables hold: each DJ's own choices. */
import { hiddenBadges, leaderboardSettings } from "../../db/schema/leaderboard.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(ownedByUser(leaderboardSettings.userId), ownedByUser(hiddenBadges.userId));
