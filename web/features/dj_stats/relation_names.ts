/** @module How the pages name a Camelot relation between two tracks. */
import type { CamelotRelation } from "./history.ts";

export const RELATION_NAMES: Record<CamelotRelation, string> = {
  same: "Same key",
  adjacent: "Adjacent key",
  relative: "Relative major/minor",
  diagonal: "Diagonal",
  energy_boost: "Energy boost",
  clash: "Key clash",
  unknown: "Key unknown",
};
