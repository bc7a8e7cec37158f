/**
 * @module Whose rows the OAuth tables hold. Each row names its user; consents, codes and tokens of
 * other users for an app also go when the app's developer deletes their account (the app's
 * foreign keys cascade), but they are exported only to the user they name.
 */
import {
  oauthApps,
  oauthCodes,
  oauthConsents,
  oauthDeviceRequests,
  oauthTokens,
} from "../../db/schema/oauth.ts";
import { declareUserData, ownedByUser } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(oauthApps.userId),
  ownedByUser(oauthConsents.userId),
  ownedByUser(oauthCodes.userId),
  ownedByUser(oauthTokens.userId),
  // NULL until a signed-in user approves or denies the request.
  ownedByUser(oauthDeviceRequests.userId),
);
