/**
 * @module
 * Transition analysis: tempo buckets (≤ 2 % seamless, ≤ 6 % normal, more is hard), harmonic share, the
 * average overlap, and a quality score that ranks the best and worst mixes.
 */
import { HARMONIC_RELATIONS } from "../telemetry/mod.ts";
import type { CamelotRelation, TransitionRecord } from "./history.ts";

export type TempoBucket = "seamless" | "normal" | "hard";

/** The largest tempo change (in %) of a seamless and of a normal transition. */
export const SEAMLESS_MAX_PCT = 2;
export const NORMAL_MAX_PCT = 6;

export function tempoBucket(deltaPct: number): TempoBucket {
  const size = Math.abs(deltaPct);
  if (size <= SEAMLESS_MAX_PCT) return "seamless";
  if (size <= NORMAL_MAX_PCT) return "normal";
  return "hard";
}

/** Key score of a relation: same key 1, neighbour or relative 0.9, diagonal 0.6, energy boost 0.5. */
export const KEY_SCORES: Record<CamelotRelation, number> = {
  same: 1,
  adjacent: 0.9,
  relative: 0.9,
  diagonal: 0.6,
  energy_boost: 0.5,
  clash: 0,
  unknown: 0,
};

export const TEMPO_SCORES: Record<TempoBucket, number> = { seamless: 1, normal: 0.7, hard: 0.2 };
/** The tempo score of a transition whose tempo change is unknown. */
export const UNKNOWN_TEMPO_SCORE = 0.5;
/** How much key, tempo and a start on a phrase boundary weigh in the score. */
export const SCORE_WEIGHTS = { key: 0.5, tempo: 0.3, phrase: 0.2 } as const;

/** Relations that count as harmonic mixing, as the telemetry's daily totals count them (no diagonals). */
export function isHarmonic(relation: CamelotRelation): boolean {
  return HARMONIC_RELATIONS.includes(relation);
}

/** 0–100 from the weights above. */
export function transitionScore(t: TransitionRecord): number {
  const key = KEY_SCORES[t.camelotRelation];
  const tempo = t.tempoDeltaPct === null ? UNKNOWN_TEMPO_SCORE : TEMPO_SCORES[tempoBucket(t.tempoDeltaPct)];
  const phrase = t.phraseAligned ? 1 : 0;
  return Math.round(
    (SCORE_WEIGHTS.key * key + SCORE_WEIGHTS.tempo * tempo + SCORE_WEIGHTS.phrase * phrase) * 100,
  );
}

/** What a set of transitions adds up to; sums, so the database can compute them too. */
export interface TransitionCounts {
  count: number;
  /** Transitions with a known key relation, and how many of them were harmonic. */
  keyed: number;
  harmonic: number;
  buckets: Record<TempoBucket, number>;
  overlapSum: number;
  overlapCount: number;
  longestOverlap: number | null;
  phraseAligned: number;
}

export function countTransitions(transitions: readonly TransitionRecord[]): TransitionCounts {
  const counts: TransitionCounts = {
    count: transitions.length,
    keyed: 0,
    harmonic: 0,
    buckets: { seamless: 0, normal: 0, hard: 0 },
    overlapSum: 0,
    overlapCount: 0,
    longestOverlap: null,
    phraseAligned: 0,
  };
  for (const t of transitions) {
    if (t.tempoDeltaPct !== null) counts.buckets[tempoBucket(t.tempoDeltaPct)]++;
    if (t.camelotRelation !== "unknown") {
      counts.keyed++;
      if (isHarmonic(t.camelotRelation)) counts.harmonic++;
    }
    if (t.overlapBeats !== null) {
      counts.overlapSum += t.overlapBeats;
      counts.overlapCount++;
      counts.longestOverlap = Math.max(counts.longestOverlap ?? 0, t.overlapBeats);
    }
    if (t.phraseAligned) counts.phraseAligned++;
  }
  return counts;
}

export interface TransitionSummary {
  count: number;
  /** Share of transitions with a known key relation that were harmonic, 0–100. */
  harmonicPct: number;
  buckets: Record<TempoBucket, number>;
  averageOverlapBeats: number | null;
  phraseAlignedPct: number;
}

export function transitionFigures(c: TransitionCounts): TransitionSummary {
  return {
    count: c.count,
    harmonicPct: c.keyed ? Math.round((c.harmonic / c.keyed) * 100) : 0,
    buckets: c.buckets,
    averageOverlapBeats: c.overlapCount ? Math.round((c.overlapSum / c.overlapCount) * 10) / 10 : null,
    phraseAlignedPct: c.count ? Math.round((c.phraseAligned / c.count) * 100) : 0,
  };
}

export function summarizeTransitions(transitions: readonly TransitionRecord[]): TransitionSummary {
  return transitionFigures(countTransitions(transitions));
}

/** The `count` highest- and lowest-scoring transitions (newest first among equals). */
export function rankTransitions(
  transitions: readonly TransitionRecord[],
  count: number,
): { best: TransitionRecord[]; worst: TransitionRecord[]; scores: Map<TransitionRecord, number> } {
  const scores = new Map(transitions.map((t) => [t, transitionScore(t)]));
  const sorted = [...transitions].sort((a, b) =>
    scores.get(b)! - scores.get(a)! || b.at.getTime() - a.at.getTime()
  );
  const best = sorted.slice(0, count);
  const worst = sorted.slice(best.length).slice(-count).reverse();
  return { best, worst, scores };
}
