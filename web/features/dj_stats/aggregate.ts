/**
 * @module
 * The aggregates of a DJ's plays and transitions computed from the records themselves: the demo dataset
 * uses it, and a test checks that the database's aggregation (sql_aggregates.ts) gives the same result
 * for the same ingested telemetry.
 */
import {
  type DjAggregates,
  type DjHistory,
  GENRE_LIMIT,
  type PlayRecord,
  RANKED_TRANSITIONS,
  type ScoredTransition,
  type SessionRecord,
  type TransitionRecord,
} from "./history.ts";
import { countTransitions, type TransitionCounts, transitionScore } from "./transitions.ts";

const DAY_MS = 86_400_000;

function playName(play: PlayRecord): string | null {
  if (!play.title) return null;
  return play.artist ? `${play.artist} – ${play.title}` : play.title;
}

/** Most first, then by name in code-point order (as SQLite orders text). */
function byCountThenName(a: [string, number], b: [string, number]): number {
  return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
}

const add = <K>(map: Map<K, number>, key: K, n = 1) => map.set(key, (map.get(key) ?? 0) + n);

/**
 * Aggregates that can be added together: full counts per genre and track, the decks used, and enough
 * of the best and worst transitions (the top 3 and the lowest 6) that the best and worst of two parts
 * together are always among them.
 */
export interface PartialAggregates {
  genres: Map<string, number>;
  names: Map<string, number>;
  decks: Set<number>;
  bpm: { min: number; max: number; sum: number; count: number } | null;
  bpmBuckets: Map<number, number>;
  whenGrid: number[][];
  beats: number;
  transitions: TransitionCounts;
  candidates: ScoredTransition[];
}

const WORST_CANDIDATES = 2 * RANKED_TRANSITIONS;

/** Keeps the highest and lowest scoring transitions, ordered best first (newer first among equals). */
export function keepCandidates(scored: readonly ScoredTransition[]): ScoredTransition[] {
  const sorted = [...scored].sort((a, b) =>
    b.score - a.score || b.transition.at.getTime() - a.transition.at.getTime()
  );
  if (sorted.length <= RANKED_TRANSITIONS + WORST_CANDIDATES) return sorted;
  return [...sorted.slice(0, RANKED_TRANSITIONS), ...sorted.slice(-WORST_CANDIDATES)];
}

export function emptyGrid(): number[][] {
  return Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
}

export function partialFromRecords(
  plays: readonly PlayRecord[],
  transitions: readonly TransitionRecord[],
): PartialAggregates {
  const partial: PartialAggregates = {
    genres: new Map(),
    names: new Map(),
    decks: new Set(),
    bpm: null,
    bpmBuckets: new Map(),
    whenGrid: emptyGrid(),
    beats: 0,
    transitions: countTransitions(transitions),
    candidates: [],
  };
  for (const play of plays) {
    partial.decks.add(play.deck);
    partial.whenGrid[play.startedAt.getUTCDay()][play.startedAt.getUTCHours()] += play.playedSec;
    if (play.genre) add(partial.genres, play.genre);
    if (play.bpm !== null) {
      const bpm = partial.bpm ??= { min: play.bpm, max: play.bpm, sum: 0, count: 0 };
      bpm.min = Math.min(bpm.min, play.bpm);
      bpm.max = Math.max(bpm.max, play.bpm);
      bpm.sum += play.bpm;
      bpm.count++;
      add(partial.bpmBuckets, Math.floor(play.bpm / 10) * 10);
      partial.beats += (play.bpm * play.playedSec) / 60;
    }
    const name = playName(play);
    if (name) add(partial.names, name);
  }
  const playsById = new Map(plays.map((p) => [p.id, p]));
  partial.candidates = keepCandidates(transitions.map((t) => ({
    transition: t,
    from: (t.fromPlayId && playsById.get(t.fromPlayId)) || null,
    to: (t.toPlayId && playsById.get(t.toPlayId)) || null,
    score: transitionScore(t),
  })));
  return partial;
}

function mergeCounts<K>(a: Map<K, number>, b: Map<K, number>): Map<K, number> {
  const merged = new Map(a);
  for (const [key, n] of b) add(merged, key, n);
  return merged;
}

export function mergePartials(a: PartialAggregates, b: PartialAggregates): PartialAggregates {
  const bpm = a.bpm && b.bpm
    ? {
      min: Math.min(a.bpm.min, b.bpm.min),
      max: Math.max(a.bpm.max, b.bpm.max),
      sum: a.bpm.sum + b.bpm.sum,
      count: a.bpm.count + b.bpm.count,
    }
    : a.bpm ?? b.bpm;
  const t = a.transitions;
  const u = b.transitions;
  return {
    genres: mergeCounts(a.genres, b.genres),
    names: mergeCounts(a.names, b.names),
    decks: new Set([...a.decks, ...b.decks]),
    bpm,
    bpmBuckets: mergeCounts(a.bpmBuckets, b.bpmBuckets),
    whenGrid: a.whenGrid.map((row, d) => row.map((seconds, h) => seconds + b.whenGrid[d][h])),
    beats: a.beats + b.beats,
    transitions: {
      count: t.count + u.count,
      keyed: t.keyed + u.keyed,
      harmonic: t.harmonic + u.harmonic,
      buckets: {
        seamless: t.buckets.seamless + u.buckets.seamless,
        normal: t.buckets.normal + u.buckets.normal,
        hard: t.buckets.hard + u.buckets.hard,
      },
      overlapSum: t.overlapSum + u.overlapSum,
      overlapCount: t.overlapCount + u.overlapCount,
      longestOverlap: t.longestOverlap === null || u.longestOverlap === null
        ? t.longestOverlap ?? u.longestOverlap
        : Math.max(t.longestOverlap, u.longestOverlap),
      phraseAligned: t.phraseAligned + u.phraseAligned,
    },
    candidates: keepCandidates([...a.candidates, ...b.candidates]),
  };
}

/** The page's aggregates: top genres, the favourite track, best and worst transitions. */
export function finishAggregates(p: PartialAggregates): DjAggregates {
  const favourite = [...p.names].sort(byCountThenName)[0];
  const best = p.candidates.slice(0, RANKED_TRANSITIONS);
  const worst = p.candidates.slice(best.length).slice(-RANKED_TRANSITIONS).reverse();
  return {
    genres: [...p.genres].sort(byCountThenName).slice(0, GENRE_LIMIT).map(([genre, plays]) => ({
      genre,
      plays,
    })),
    playsWithGenre: [...p.genres.values()].reduce((a, b) => a + b, 0),
    bpm: p.bpm
      ? {
        ...p.bpm,
        buckets: [...p.bpmBuckets].sort((a, b) => a[0] - b[0]).map(([from, plays]) => ({ from, plays })),
      }
      : null,
    whenGrid: p.whenGrid,
    transitions: p.transitions,
    best,
    worst,
    beats: p.beats,
    favourite: favourite && favourite[1] > 1 ? { name: favourite[0], plays: favourite[1] } : null,
    decksUsed: p.decks.size,
  };
}

export function aggregateRecords(
  plays: readonly PlayRecord[],
  transitions: readonly TransitionRecord[],
): DjAggregates {
  return finishAggregates(partialFromRecords(plays, transitions));
}

/** A full history from complete records (the demo, tests), shaped as the database reader shapes it. */
export function historyFromRecords(
  records: {
    sessions: SessionRecord[];
    plays: PlayRecord[];
    transitions: TransitionRecord[];
    days: DjHistory["days"];
    newestBatchAt: Date | null;
  },
  now: Date,
): DjHistory {
  const plays = new Map<string, number>();
  const lastActivity = new Map<string, number>();
  for (const play of records.plays) {
    plays.set(play.sessionId, (plays.get(play.sessionId) ?? 0) + 1);
    const end = (play.endedAt ?? play.startedAt).getTime();
    lastActivity.set(play.sessionId, Math.max(lastActivity.get(play.sessionId) ?? 0, end));
  }
  const since = now.getTime() - 8 * DAY_MS;
  return {
    sessions: records.sessions.map((s) => ({
      ...s,
      plays: plays.get(s.id) ?? 0,
      lastActivityAt: new Date(
        Math.max(s.endedAt?.getTime() ?? 0, lastActivity.get(s.id) ?? s.startedAt.getTime()),
      ),
    })),
    recentPlays: records.plays.filter((p) => p.startedAt.getTime() >= since),
    recentTransitions: records.transitions.filter((t) => t.at.getTime() >= since),
    aggregates: aggregateRecords(records.plays, records.transitions),
    days: records.days,
    newestBatchAt: records.newestBatchAt,
  };
}
