/**
 * @module Whose rows the MIXERA Connect tables hold: the opt-in is its user's, a message its author's,
 * a block the blocker's and a report the reporter's (each row is also deleted with the other person).
 */
import { connectBlocks, connectMessages, connectOptIns, connectReports } from "../../db/schema/connect.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(connectOptIns.userId),
  ownedByUser(connectMessages.senderId),
  ownedByUser(connectBlocks.blockerId),
  ownedByUser(connectReports.reporterId),
);
