/**
 * @module
 * The stats model: every panel of DJ Stats computed from a DJ's history at a given moment. Pure, so the
 * page, the demo, the MIXEY assistant and the tests all get the same numbers from the same input.
 */
import { type BadgeDefinition, earnedBadges } from "./badges.ts";
import type { DjHistory, ScoredTransition, SessionTotals } from "./history.ts";
import { utcDay } from "./history.ts";
import { type DjTotals, totalsOf } from "./totals.ts";
import { summarizeTransitions, transitionFigures, type TransitionSummary } from "./transitions.ts";
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

export type TransitionView = ScoredTransition;

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
  /** Newest first. */
  sessions: SessionSummary[];
}

function hours(seconds: number): number {
  return Math.round(seconds / 360) / 10;
}

function sessionSummaries(sessions: readonly SessionTotals[]): SessionSummary[] {
  return sessions.map((s) => ({
    id: s.id,
    deviceId: s.deviceId,
    localId: s.localId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    minutes: Math.max(
      0,
      Math.round(((s.endedAt ?? s.lastActivityAt).getTime() - s.startedAt.getTime()) / 60_000),
    ),
    tracks: s.plays,
  })).sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
}

function mostActive(grid: number[][]): { weekday: string; hour: number } | null {
  let best: { weekday: number; hour: number; seconds: number } | null = null;
  grid.forEach((row, weekday) =>
    row.forEach((seconds, hour) => {
      if (seconds > 0 && (!best || seconds > best.seconds)) best = { weekday, hour, seconds };
    })
  );
  const found = best as { weekday: number; hour: number } | null;
  return found ? { weekday: WEEKDAYS[found.weekday], hour: found.hour } : null;
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

function topGenre(plays: DjHistory["recentPlays"]): string | null {
  const counts = new Map<string, number>();
  for (const p of plays) if (p.genre) counts.set(p.genre, (counts.get(p.genre) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

function weekNumbers(history: DjHistory, now: Date): WeekNumbers {
  const start = now.getTime() - 7 * DAY_MS;
  const inWeek = (d: Date) => d.getTime() > start && d.getTime() <= now.getTime();
  const plays = history.recentPlays.filter((p) => inWeek(p.startedAt));
  const transitions = history.recentTransitions.filter((t) => inWeek(t.at));
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
    topGenre: topGenre(plays),
    averageBpm: bpms.length ? Math.round(bpms.reduce((a, b) => a + b, 0) / bpms.length) : null,
    previousHours: hours(previous.reduce((n, d) => n + d.playSeconds, 0)),
    busiestDay: busiest && busiest.playSeconds > 0
      ? WEEKDAYS[new Date(`${busiest.day}T00:00:00Z`).getUTCDay()]
      : null,
  };
}

function funFacts(history: DjHistory, totals: DjTotals, bpm: DjStats["bpm"]): string[] {
  const facts: string[] = [];
  const a = history.aggregates;
  if (totals.playSeconds > 0) {
    facts.push(
      `Your playtime would fill about ${Math.round(totals.playSeconds / 210)} radio edits of 3½ minutes.`,
    );
  }
  if (a.beats > 0) {
    facts.push(`About ${Math.round(a.beats).toLocaleString("en-US")} beats have gone through your decks.`);
  }
  if (a.favourite) facts.push(`Your most played track is ${a.favourite.name} (${a.favourite.plays} plays).`);
  if (a.decksUsed > 0) facts.push(`You have used ${a.decksUsed} of 4 decks.`);
  if (bpm) facts.push(`Your tempo spans ${bpm.max - bpm.min} BPM, from ${bpm.min} to ${bpm.max}.`);
  return facts;
}

/** Every panel of DJ Stats for `history` as of `now`. */
export function computeDjStats(history: DjHistory, now: Date): DjStats {
  const a = history.aggregates;
  const totals = totalsOf(history.days);
  const sessions = sessionSummaries(history.sessions);
  const bpm = a.bpm
    ? {
      min: Math.round(a.bpm.min),
      max: Math.round(a.bpm.max),
      average: Math.round(a.bpm.sum / a.bpm.count),
      buckets: a.bpm.buckets,
    }
    : null;
  const { heatmap, activity } = heatmapAndActivity(history, now);
  const busiest = [...history.days].sort((x, y) => y.playSeconds - x.playSeconds)[0];
  return {
    now,
    newestBatchAt: history.newestBatchAt,
    totals,
    week: weekNumbers(history, now),
    transitions: { ...transitionFigures(a.transitions), best: a.best, worst: a.worst },
    topGenres: a.genres.map((g) => ({ ...g, percent: Math.round((g.plays / a.playsWithGenre) * 100) })),
    activity,
    achievements: earnedBadges(totals),
    power: carbonFootprint(history.days, now),
    bpm,
    whenYouDj: { grid: a.whenGrid, mostActive: mostActive(a.whenGrid) },
    funFacts: funFacts(history, totals, bpm),
    heatmap,
    records: {
      longestSession: [...sessions].sort((x, y) => y.minutes - x.minutes)[0] ?? null,
      mostTracksInSession: [...sessions].sort((x, y) => y.tracks - x.tracks)[0] ?? null,
      longestBlendBeats: a.transitions.longestOverlap,
      longestStreakDays: totals.longestStreakDays,
      fastestBpm: bpm?.max ?? null,
      busiestDay: busiest && busiest.playSeconds > 0
        ? { day: busiest.day, hours: hours(busiest.playSeconds) }
        : null,
    },
    sessions,
  };
}
