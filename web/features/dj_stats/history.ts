/**
 * @module
 * The stats model's input: what a DJ's controllers recorded, as plain records. The pages compute every
 * panel from this shape, whether it was read from the telemetry tables or generated as demo data, so the
 * demo and the real page run the same code.
 */

import type { CamelotRelation } from "../../../shared/telemetry/mod.ts";
import type { TransitionCounts } from "./transitions.ts";

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

/** A session with its size, as the sessions table keeps it. */
export interface SessionTotals extends SessionRecord {
  plays: number;
  /** When anything of the session last happened (its end, or the end of its latest play). */
  lastActivityAt: Date;
}

/** A transition with the two plays it joined and its quality score. */
export interface ScoredTransition {
  transition: TransitionRecord;
  from: PlayRecord | null;
  to: PlayRecord | null;
  score: number;
}

/**
 * What all of a DJ's plays and transitions add up to: small, whatever the history's length, so the
 * database can compute it without handing every row to the page.
 */
export interface DjAggregates {
  /** Plays per genre, most played first (ties by name). At most `GENRE_LIMIT` entries. */
  genres: { genre: string; plays: number }[];
  /** Plays with a genre at all, for the shares. */
  playsWithGenre: number;
  bpm:
    | { min: number; max: number; sum: number; count: number; buckets: { from: number; plays: number }[] }
    | null;
  /** Seconds played per weekday (0 = Sunday) and UTC hour of the play's start. */
  whenGrid: number[][];
  transitions: TransitionCounts;
  best: ScoredTransition[];
  worst: ScoredTransition[];
  /** Beats played: BPM × seconds on air / 60, summed. */
  beats: number;
  /** The most played track (artist – title), when one was played more than once. */
  favourite: { name: string; plays: number } | null;
  decksUsed: number;
}

/** How many genres and best/worst transitions the aggregates keep. */
export const GENRE_LIMIT = 5;
export const RANKED_TRANSITIONS = 3;

/** Everything the DJ Stats page reads for one user. */
export interface DjHistory {
  sessions: SessionTotals[];
  /** The plays and transitions of the last 7 days (the weekly summary's window) and the 7 before. */
  recentPlays: PlayRecord[];
  recentTransitions: TransitionRecord[];
  aggregates: DjAggregates;
  days: DailyActivity[];
  /** When the newest telemetry batch arrived; null when no controller has sent any. */
  newestBatchAt: Date | null;
}

/** The UTC day of a point in time, `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
