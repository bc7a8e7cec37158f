/** @module Whose rows the status tables hold: nobody's. */
import { statusChecks } from "../../db/schema/status_checks.ts";
import { declareUserData, notUserData } from "../danger_zone/mod.ts";

declareUserData(
  notUserData(
    statusChecks,
    "results of checks the server runs against its own public endpoints; no user in them",
  ),
);
