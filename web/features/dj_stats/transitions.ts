/**
 * @module
 * Transition analysis: tempo buckets (≤ 2 % seamless, ≤ 6 % normal, more is hard), harmonic share, the
 * average overlap, and a quality score that ranks the best and worst mixes.
 */
import type { CamelotRelation, TransitionRecord } from "./history.ts";

export type TempoBucket = "seamless" | "normal" | "hard";

export function tempoBucket(deltaPct: number): TempoBucket {
  const size = Math.abs(deltaPct);
  if (size <= 2) return "seamless";
  if (size <= 6) return "normal";
  return "hard";
}

/** Key score of a relation: same key 1, neighbour or relative 0.9, diagonal 0.6, energy boost 0.5. */
const KEY_SCORES: Record<CamelotRelation, number> = {
  same: 1,
  adjacent: 0.9,
  relative: 0.9,
  diagonal: 0.6,
  energy_boost: 0.5,
  clash: 0,
  unknown: 0,
};

const TEMPO_SCORES: Record<TempoBucket, number> = { seamless: 1, normal: 0.7, hard: 0.2 };

/** Relations that count as harmonic mixing (diagonals are disputed among DJs, so they do not). */
export function isHarmonic(relation: CamelotRelation): boolean {
  return relation === "same" || relation === "adjacent" || relation === "relative";
}

/** 0–100: half key, three tenths tempo, a fifth for starting on a phrase boundary. */
export function transitionScore(t: TransitionRecord): number {
  const key = KEY_SCORES[t.camelotRelation];
  const tempo = t.tempoDeltaPct === null ? 0.5 : TEMPO_SCORES[tempoBucket(t.tempoDeltaPct)];
  const phrase = t.phraseAligned ? 1 : 0;
  return Math.round((0.5 * key + 0.3 * tempo + 0.2 * phrase) * 100);
}

export interface TransitionSummary {
  count: number;
  /** Share of transitions with a known key relation that were harmonic, 0–100. */
  harmonicPct: number;
  buckets: Record<TempoBucket, number>;
  averageOverlapBeats: number | null;
  phraseAlignedPct: number;
}

export function summarizeTransitions(transitions: readonly TransitionRecord[]): TransitionSummary {
  const buckets: Record<TempoBucket, number> = { seamless: 0, normal: 0, hard: 0 };
  let keyed = 0;
  let harmonic = 0;
  let overlapSum = 0;
  let overlapCount = 0;
  let phrased = 0;
  for (const t of transitions) {
    if (t.tempoDeltaPct !== null) buckets[tempoBucket(t.tempoDeltaPct)]++;
    if (t.camelotRelation !== "unknown") {
      keyed++;
      if (isHarmonic(t.camelotRelation)) harmonic++;
    }
    if (t.overlapBeats !== null) {
      overlapSum += t.overlapBeats;
      overlapCount++;
    }
    if (t.phraseAligned) phrased++;
  }
  return {
    count: transitions.length,
    harmonicPct: keyed ? Math.round((harmonic / keyed) * 100) : 0,
    buckets,
    averageOverlapBeats: overlapCount ? Math.round((overlapSum / overlapCount) * 10) / 10 : null,
    phraseAlignedPct: transitions.length ? Math.round((phrased / transitions.length) * 100) : 0,
  };
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
