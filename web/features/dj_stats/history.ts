/**
 * @module
 * The stats model's input: what a DJ's controllers recorded, as plain records. The pages compute every
 * panel from this shape, whether it was read from the telemetry tables or generated as demo data, so the
 * demo and the real page run the same code.
 */

import type { CamelotRelation } from "../../../shared/telemetry/mod.ts";

export type { CamelotRelation };

/** One DJ session: first play to last stop on one controller. */
export interface SessionRecord {
  /** Unique across devices: `<device id>/<session id>`. */
  id: string;
  deviceId: string;
  /** The controller's own id for the session. */
  localId: string;
  startedAt: Date;
  /** Null while the session is still open. */
  endedAt: Date | null;
}

/** One track played on a deck. */
export interface PlayRecord {
  id: string;
  sessionId: string;
  deck: number;
  startedAt: Date;
  endedAt: Date | null;
  playedSec: number;
  bpm: number | null;
  /** Camelot code such as `8A`. */
  key: string | null;
  genre: string | null;
  title: string | null;
  artist: string | null;
  /** Length of the whole track, when the controller knew it. */
  durationSec: number | null;
}

/** One mix from an outgoing play into an incoming one. */
export interface TransitionRecord {
  id: string;
  sessionId: string;
  at: Date;
  fromPlayId: string | null;
  toPlayId: string | null;
  /** Tempo change in percent of the outgoing BPM (the smallest of straight, half and double time). */
  tempoDeltaPct: number | null;
  camelotRelation: CamelotRelation;
  overlapBeats: number | null;
  phraseAligned: boolean | null;
}

/** What one UTC day added up to. */
export interface DailyActivity {
  /** `YYYY-MM-DD` in UTC. */
  day: string;
  sessions: number;
  plays: number;
  playSeconds: number;
  transitions: number;
  energyWh: number;
}

/** Everything the DJ Stats page reads for one user. */
export interface DjHistory {
  sessions: SessionRecord[];
  plays: PlayRecord[];
  transitions: TransitionRecord[];
  days: DailyActivity[];
  /** When the newest telemetry batch arrived; null when no controller has sent any. */
  newestBatchAt: Date | null;
}

/** The UTC day of a point in time, `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
