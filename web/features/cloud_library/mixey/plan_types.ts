/** @module The shapes MIXEY's planner reads and writes. */

/** What the planner needs to know about a library track. */
export interface PlannerTrack {
  id: string;
  title: string;
  artist: string | null;
  genre: string | null;
  bpm: number | null;
  keyCamelot: string | null;
  /** 1..10 from the analysis. */
  energy: number | null;
  durationSeconds: number | null;
}

/** The energy shape of a set, as words describe it. */
export type EnergyArc = "rising" | "falling" | "steady" | "peak";

/** What MIXEY understood from the DJ's words. */
export interface SetRequest {
  durationSeconds: number;
  /** True when the words named no length and the default was taken. */
  defaultDuration: boolean;
  bpmMin: number | null;
  bpmMax: number | null;
  genre: string | null;
  arc: EnergyArc;
  /** "end on a peak": the last track is the set's most energetic. */
  endOnPeak: boolean;
  /** A warm-up keeps the start low. */
  warmUp: boolean;
  /** A name for the playlist. */
  title: string;
  /** What was understood, in words, for the page. */
  summary: string;
}

export interface PlanStep {
  track: PlannerTrack;
  /** Why the mix from the previous track works (or where it is rough); null for the first track. */
  transition: string | null;
}

export interface PlanResult {
  request: SetRequest;
  steps: PlanStep[];
  totalSeconds: number;
  /** What the plan could not satisfy, said plainly. */
  unmet: string[];
}
