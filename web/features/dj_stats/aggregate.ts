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
  type SessionRecord,
  type TransitionRecord,
} from "./history.ts";
import { countTransitions, rankTransitions } from "./transitions.ts";

const DAY_MS = 86_400_000;

function playName(play: PlayRecord): string | null {
  if (!play.title) return null;
  return play.artist ? `${play.artist} – ${play.title}` : play.title;
}

export function aggregateRecords(
  plays: readonly PlayRecord[],
  transitions: readonly TransitionRecord[],
): DjAggregates {
  const genres = new Map<string, number>();
  const buckets = new Map<number, number>();
  const names = new Map<string, number>();
  const decks = new Set<number>();
  const whenGrid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  let playsWithGenre = 0;
  let bpm: DjAggregates["bpm"] = null;
  let beats = 0;
  for (const play of plays) {
    decks.add(play.deck);
    whenGrid[play.startedAt.getUTCDay()][play.startedAt.getUTCHours()] += play.playedSec;
    if (play.genre) {
      playsWithGenre++;
      genres.set(play.genre, (genres.get(play.genre) ?? 0) + 1);
    }
    if (play.bpm !== null) {
      bpm ??= { min: play.bpm, max: play.bpm, sum: 0, count: 0, buckets: [] };
      bpm.min = Math.min(bpm.min, play.bpm);
      bpm.max = Math.max(bpm.max, play.bpm);
      bpm.sum += play.bpm;
      bpm.count++;
      const from = Math.floor(play.bpm / 10) * 10;
      buckets.set(from, (buckets.get(from) ?? 0) + 1);
      beats += (play.bpm * play.playedSec) / 60;
    }
    const name = playName(play);
    if (name) names.set(name, (names.get(name) ?? 0) + 1);
  }
  if (bpm) bpm.buckets = [...buckets].sort((a, b) => a[0] - b[0]).map(([from, n]) => ({ from, plays: n }));
  const favourite = [...names].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];

  const playsById = new Map(plays.map((p) => [p.id, p]));
  const ranked = rankTransitions(transitions, RANKED_TRANSITIONS);
  const scored = (t: TransitionRecord) => ({
    transition: t,
    from: (t.fromPlayId && playsById.get(t.fromPlayId)) || null,
    to: (t.toPlayId && playsById.get(t.toPlayId)) || null,
    score: ranked.scores.get(t)!,
  });
  return {
    genres: [...genres].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, GENRE_LIMIT)
      .map(([genre, n]) => ({ genre, plays: n })),
    playsWithGenre,
    bpm,
    whenGrid,
    transitions: countTransitions(transitions),
    best: ranked.best.map(scored),
    worst: ranked.worst.map(scored),
    beats,
    favourite: favourite && favourite[1] > 1 ? { name: favourite[0], plays: favourite[1] } : null,
    decksUsed: decks.size,
  };
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
  const since = now.getTime() - 14 * DAY_MS;
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
