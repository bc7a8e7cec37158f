/** @module Whose rows the device cloud API's own tables hold, for data export and account deletion. */
import { urlSigningKeys } from "../../db/schema/url_signing_keys.ts";
import { declareUserData, notUserData } from "../danger_zone/mod.ts";

declareUserData(
  notUserData(
    urlSigningKeys,
    "the portal's own keys for signing its URLs (device downloads, firmware artifacts); no one's data",
  ),
);
