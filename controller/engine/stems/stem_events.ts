/**
 * @module
 * The stem queue's events and status as they go on the wire (snake_case, like the engine's other events).
 */
import type { DemucsReport } from "./demucs_check.ts";
import type { StemTier } from "./stem_set.ts";

export type StemJobState = "queued" | "running" | "done" | "failed";

export interface StemJobStatus {
  uid: string;
  state: StemJobState;
  percent: number;
  tier: StemTier;
  error: string | null;
}

export interface StemQueueStatus {
  algo: StemTier;
  jobs: StemJobStatus[];
  cache: { bytes: number; max_bytes: number; entries: number; tracks: number };
}

export type StemEvent =
  | { event: "stem_queued"; data: { uid: string; tier: StemTier; position: number } }
  | { event: "stem_progress"; data: { uid: string; tier: StemTier; percent: number } }
  | { event: "stem_done"; data: { uid: string; tier: StemTier; duration_sec: number; cached: boolean } }
  | { event: "stem_error"; data: { uid: string; tier: StemTier; message: string } };

export type { DemucsReport };
