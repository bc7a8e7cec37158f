/**
 * @module
 * The stats model: every panel of DJ Stats computed from a DJ's history at a given moment. Pure, so the
 * page, the demo, the MIXEY assistant and the tests all get the same numbers from the same records.
 */
import { type BadgeDefinition, earnedBadges } from "./badges.ts";
import type { DjHistory, PlayRecord, SessionRecord, TransitionRecord } from "./history.ts";
import { utcDay } from "./history.ts";
import { type DjTotals, totalsOf } from "./totals.ts";
import { rankTransitions, summarizeTransitions, type TransitionSummary } from "./transitions.ts";
import { type CarbonFootprint, carbonFootprint } from "../sustainability/mod.ts";

const DAY_MS = 86_400_000;
export const WEEKDAYS = [
  "Sunday",
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
] as const;

/** The numbers of one 7-day window, as the weekly summary reads them. */
export interface WeekNumbers {
  sessions: number;
  hours: number;
  tracksPlayed: number;
  transitions: number;
  harmonicPct: number;
  topGenre: string | null;
  averageBpm: number | null;
  /** Hours of the 7 days before, for the comparison. */
  previousHours: number;
  busiestDay: string | null;
}

export interface GenreShare {
  genre: string;
  plays: number;
  percent: number;
}

export interface SessionSummary {
  id: string;
  deviceId: string;
  localId: string;
  startedAt: Date;
  endedAt: Date | null;
  minutes: number;
  tracks: number;
}

export interface PersonalRecords {
  longestSession: SessionSummary | null;
  mostTracksInSession: SessionSummary | null;
  longestBlendBeats: number | null;
  longestStreakDays: number;
  fastestBpm: number | null;
  busiestDay: { day: string; hours: number } | null;
}

export interface DjStats {
  now: Date;
  newestBatchAt: Date | null;
  totals: DjTotals;
  week: WeekNumbers;
  transitions: TransitionSummary & { best: TransitionView[]; worst: TransitionView[] };
  topGenres: GenreShare[];
  /** Hours played per week, oldest first, for the last 12 weeks. */
  activity: { weekStart: string; hours: number }[];
  achievements: BadgeDefinition[];
  power: CarbonFootprint;
  bpm: { min: number; max: number; average: number; buckets: { from: number; plays: number }[] } | null;
  /** Seconds played per weekday (0 = Sunday) and UTC hour. */
  whenYouDj: { grid: number[][]; mostActive: { weekday: string; hour: number } | null };
  funFacts: string[];
  /** Minutes played per day for the last 12 weeks, Monday-first weeks, oldest first. */
  heatmap: { day: string; minutes: number }[][];
  records: PersonalRecords;
  sessions: SessionSummary[];
}

export interface TransitionView {
  transition: TransitionRecord;
  from: PlayRecord | null;
  to: PlayRecord | null;
  score: number;
}

function hours(seconds: number): number {
  return Math.round(seconds / 360) / 10;
}

function sessionSummaries(
  sessions: readonly SessionRecord[],
  plays: readonly PlayRecord[],
): SessionSummary[] {
  const tracks = new Map<string, number>();
  const lastEnd = new Map<string, number>();
  for (const play of plays) {
    tracks.set(play.sessionId, (tracks.get(play.sessionId) ?? 0) + 1);
    const end = (play.endedAt ?? play.startedAt).getTime();
    if (end > (lastEnd.get(play.sessionId) ?? 0)) lastEnd.set(play.sessionId, end);
  }
  return sessions.map((s) => {
    const end = s.endedAt?.getTime() ?? lastEnd.get(s.id) ?? s.startedAt.getTime();
    return {
      id: s.id,
      deviceId: s.deviceId,
      localId: s.localId,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      minutes: Math.max(0, Math.round((end - s.startedAt.getTime()) / 60_000)),
      tracks: tracks.get(s.id) ?? 0,
    };
  }).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

function genreShares(plays: readonly PlayRecord[], limit: number): GenreShare[] {
  const counts = new Map<string, number>();
  let known = 0;
  for (const play of plays) {
    if (!play.genre) continue;
    known++;
    counts.set(play.genre, (counts.get(play.genre) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, limit)
    .map(([genre, n]) => ({ genre, plays: n, percent: Math.round((n / known) * 100) }));
}

function bpmRange(plays: readonly PlayRecord[]): DjStats["bpm"] {
  const bpms = plays.map((p) => p.bpm).filter((b): b is number => b !== null && b > 0);
  if (!bpms.length) return null;
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  const buckets = new Map<number, number>();
  for (const bpm of bpms) {
    min = Math.min(min, bpm);
    max = Math.max(max, bpm);
    sum += bpm;
    const from = Math.floor(bpm / 10) * 10;
    buckets.set(from, (buckets.get(from) ?? 0) + 1);
  }
  return {
    min: Math.round(min),
    max: Math.round(max),
    average: Math.round(sum / bpms.length),
    buckets: [...buckets].sort((a, b) => a[0] - b[0]).map(([from, n]) => ({ from, plays: n })),
  };
}

function whenYouDj(plays: readonly PlayRecord[]): DjStats["whenYouDj"] {
  const grid = Array.from({ length: 7 }, () => new Array<number>(24).fill(0));
  for (const play of plays) {
    const at = play.startedAt;
    grid[at.getUTCDay()][at.getUTCHours()] += play.playedSec;
  }
  let best: { weekday: number; hour: number; seconds: number } | null = null;
  grid.forEach((row, weekday) =>
    row.forEach((seconds, hour) => {
      if (seconds > 0 && (!best || seconds > best.seconds)) best = { weekday, hour, seconds };
    })
  );
  const found = best as { weekday: number; hour: number } | null;
  return { grid, mostActive: found ? { weekday: WEEKDAYS[found.weekday], hour: found.hour } : null };
}

/** Monday of the UTC week containing `date`. */
function weekStart(date: Date): Date {
  const day = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  return new Date(day.getTime() - ((day.getUTCDay() + 6) % 7) * DAY_MS);
}

function heatmapAndActivity(history: DjHistory, now: Date) {
  const seconds = new Map(history.days.map((d) => [d.day, d.playSeconds]));
  const first = weekStart(now).getTime() - 11 * 7 * DAY_MS;
  const heatmap: { day: string; minutes: number }[][] = [];
  const activity: { weekStart: string; hours: number }[] = [];
  for (let week = 0; week < 12; week++) {
    const cells: { day: string; minutes: number }[] = [];
    let weekSeconds = 0;
    for (let weekday = 0; weekday < 7; weekday++) {
      const day = utcDay(new Date(first + (week * 7 + weekday) * DAY_MS));
      const s = seconds.get(day) ?? 0;
      weekSeconds += s;
      cells.push({ day, minutes: Math.round(s / 60) });
    }
    heatmap.push(cells);
    activity.push({ weekStart: cells[0].day, hours: hours(weekSeconds) });
  }
  return { heatmap, activity };
}

function weekNumbers(history: DjHistory, now: Date): WeekNumbers {
  const start = now.getTime() - 7 * DAY_MS;
  const inWeek = (d: Date) => d.getTime() > start && d.getTime() <= now.getTime();
  const plays = history.plays.filter((p) => inWeek(p.startedAt));
  const transitions = history.transitions.filter((t) => inWeek(t.at));
  const since = utcDay(new Date(start + DAY_MS));
  const previousSince = utcDay(new Date(start - 6 * DAY_MS));
  const previous = history.days.filter((d) => d.day >= previousSince && d.day < since);
  const weekDays = history.days.filter((d) => d.day >= since && d.day <= utcDay(now));
  const busiest = [...weekDays].sort((a, b) => b.playSeconds - a.playSeconds)[0];
  const bpms = plays.map((p) => p.bpm).filter((b): b is number => b !== null && b > 0);
  return {
    sessions: history.sessions.filter((s) => inWeek(s.startedAt)).length,
    hours: hours(plays.reduce((n, p) => n + p.playedSec, 0)),
    tracksPlayed: plays.length,
    transitions: transitions.length,
    harmonicPct: summarizeTransitions(transitions).harmonicPct,
    topGenre: genreShares(plays, 1)[0]?.genre ?? null,
    averageBpm: bpms.length ? Math.round(bpms.reduce((a, b) => a + b, 0) / bpms.length) : null,
    previousHours: hours(previous.reduce((n, d) => n + d.playSeconds, 0)),
    busiestDay: busiest && busiest.playSeconds > 0
      ? WEEKDAYS[new Date(`${busiest.day}T00:00:00Z`).getUTCDay()]
      : null,
  };
}

function personalRecords(
  history: DjHistory,
  sessions: readonly SessionSummary[],
  totals: DjTotals,
  bpm: DjStats["bpm"],
): PersonalRecords {
  const longest = [...sessions].sort((a, b) => b.minutes - a.minutes)[0] ?? null;
  const mostTracks = [...sessions].sort((a, b) => b.tracks - a.tracks)[0] ?? null;
  const blends = history.transitions.map((t) => t.overlapBeats).filter((b): b is number => b !== null);
  const busiest = [...history.days].sort((a, b) => b.playSeconds - a.playSeconds)[0];
  return {
    longestSession: longest,
    mostTracksInSession: mostTracks,
    longestBlendBeats: blends.length ? Math.max(...blends) : null,
    longestStreakDays: totals.longestStreakDays,
    fastestBpm: bpm?.max ?? null,
    busiestDay: busiest && busiest.playSeconds > 0
      ? { day: busiest.day, hours: hours(busiest.playSeconds) }
      : null,
  };
}

function funFacts(history: DjHistory, totals: DjTotals, bpm: DjStats["bpm"]): string[] {
  const facts: string[] = [];
  if (totals.playSeconds > 0) {
    const songs = Math.round(totals.playSeconds / 210);
    facts.push(`Your playtime would fill about ${songs} radio edits of 3½ minutes.`);
  }
  const beats = history.plays.reduce((n, p) => n + (p.bpm ? (p.bpm * p.playedSec) / 60 : 0), 0);
  if (beats > 0) {
    facts.push(`About ${Math.round(beats).toLocaleString("en-US")} beats have gone through your decks.`);
  }
  const titles = new Map<string, number>();
  for (const p of history.plays) {
    if (!p.title) continue;
    const name = p.artist ? `${p.artist} – ${p.title}` : p.title;
    titles.set(name, (titles.get(name) ?? 0) + 1);
  }
  const favourite = [...titles].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (favourite && favourite[1] > 1) {
    facts.push(`Your most played track is ${favourite[0]} (${favourite[1]} plays).`);
  }
  const decks = new Set(history.plays.map((p) => p.deck));
  if (decks.size > 0) facts.push(`You have used ${decks.size} of 4 decks.`);
  if (bpm) facts.push(`Your tempo spans ${bpm.max - bpm.min} BPM, from ${bpm.min} to ${bpm.max}.`);
  return facts;
}

/** Every panel of DJ Stats for `history` as of `now`. */
export function computeDjStats(history: DjHistory, now: Date): DjStats {
  const totals = totalsOf(history.days);
  const sessions = sessionSummaries(history.sessions, history.plays);
  const playsById = new Map(history.plays.map((p) => [p.id, p]));
  const ranked = rankTransitions(history.transitions, 3);
  const view = (t: TransitionRecord): TransitionView => ({
    transition: t,
    from: (t.fromPlayId && playsById.get(t.fromPlayId)) || null,
    to: (t.toPlayId && playsById.get(t.toPlayId)) || null,
    score: ranked.scores.get(t) ?? 0,
  });
  const bpm = bpmRange(history.plays);
  const { heatmap, activity } = heatmapAndActivity(history, now);
  return {
    now,
    newestBatchAt: history.newestBatchAt,
    totals,
    week: weekNumbers(history, now),
    transitions: {
      ...summarizeTransitions(history.transitions),
      best: ranked.best.map(view),
      worst: ranked.worst.map(view),
    },
    topGenres: genreShares(history.plays, 5),
    activity,
    achievements: earnedBadges(totals),
    power: carbonFootprint(history.days, now),
    bpm,
    whenYouDj: whenYouDj(history.plays),
    funFacts: funFacts(history, totals, bpm),
    heatmap,
    records: personalRecords(history, sessions, totals, bpm),
    sessions,
  };
}
