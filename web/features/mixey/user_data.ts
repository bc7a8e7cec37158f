/** @module Whose rows MIXEY's conversation table holds, for data export and account deletion. */
import { mixeyMessages } from "../../db/schema/mixey.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(ownedByUser(mixeyMessages.userId));
