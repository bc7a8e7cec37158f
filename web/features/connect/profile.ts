/**
 * @module
 * "Your DJ Profile": what a DJ's telemetry says about their style — top genres, the BPM range they
 * play in, how often they mix harmonically, how long a typical set runs and when, and how much
 * experience the data shows. Pure: it is given the plays, sessions and transitions and computes.
 */
import { HARMONIC_RELATIONS } from "../telemetry/mod.ts";

export interface ProfilePlay {
  startedAt: Date;
  playedSec: number;
  bpm: number | null;
  genre: string | null;
}

export interface ProfileSession {
  startedAt: Date;
  /** Null while the session is still open. */
  endedAt: Date | null;
}

export interface ProfileTransition {
  /** Camelot relation of the blend (`same`, `adjacent`, `relative`, `diagonal`, …, `clash`, `unknown`). */
  camelotRelation: string;
}

export interface ProfileSource {
  plays: readonly ProfilePlay[];
  sessions: readonly ProfileSession[];
  transitions: readonly ProfileTransition[];
}

export type DayPart = "morning" | "afternoon" | "evening" | "night";

export interface DjProfile {
  /** Up to three genres by time on air, with their share of it in percent. */
  genres: { name: string; percent: number }[];
  /** The middle 80 % of time on air by tempo (10th to 90th percentile), whole BPM. */
  bpm: { low: number; high: number } | null;
  /** Share of blends with a known key relation that were harmonic (same key, ±1, relative), percent. */
  harmonicPercent: number | null;
  /** Median session length in minutes. */
  typicalSetMinutes: number | null;
  /** The weekday and part of the day (UTC) with the most time on air. */
  mostActive: { weekday: string; dayPart: DayPart } | null;
  experience: { sessions: number; hours: number; since: Date | null };
}

/** Harmonic as DJ Stats counts it: same key, one step on the wheel, or the relative major/minor. */
const HARMONIC = new Set<string>(HARMONIC_RELATIONS);

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/** Night runs 22:00–05:59, so a Saturday 01:00 set counts as Friday night, as DJs say. */
export function dayPartOf(date: Date): { weekday: string; dayPart: DayPart } {
  const hour = date.getUTCHours();
  const nightOfPreviousDay = hour < 6;
  const day = new Date(date.getTime() - (nightOfPreviousDay ? 86_400_000 : 0)).getUTCDay();
  const dayPart: DayPart = hour < 6 || hour >= 22
    ? "night"
    : hour < 12
    ? "morning"
    : hour < 17
    ? "afternoon"
    : "evening";
  return { weekday: WEEKDAYS[day], dayPart };
}

/** The value below which `fraction` of the total weight lies. */
function weightedPercentile(values: { value: number; weight: number }[], fraction: number): number {
  const sorted = [...values].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, v) => sum + v.weight, 0);
  let running = 0;
  for (const entry of sorted) {
    running += entry.weight;
    if (running >= total * fraction) return entry.value;
  }
  return sorted[sorted.length - 1].value;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function topGenres(plays: readonly ProfilePlay[]): DjProfile["genres"] {
  const seconds = new Map<string, number>();
  let total = 0;
  for (const play of plays) {
    const name = play.genre?.trim();
    if (!name || play.playedSec <= 0) continue;
    const key = name.toLowerCase();
    seconds.set(key, (seconds.get(key) ?? 0) + play.playedSec);
    total += play.playedSec;
  }
  const display = new Map<string, string>();
  for (const play of plays) {
    const name = play.genre?.trim();
    if (name && !display.has(name.toLowerCase())) display.set(name.toLowerCase(), name);
  }
  return [...seconds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 3)
    .map(([key, sec]) => ({ name: display.get(key) ?? key, percent: Math.round((sec / total) * 100) }));
}

function mostActive(plays: readonly ProfilePlay[]): DjProfile["mostActive"] {
  const seconds = new Map<string, number>();
  for (const play of plays) {
    const slot = dayPartOf(play.startedAt);
    const key = `${slot.weekday}|${slot.dayPart}`;
    seconds.set(key, (seconds.get(key) ?? 0) + play.playedSec);
  }
  const best = [...seconds].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
  if (!best) return null;
  const [weekday, dayPart] = best[0].split("|");
  return { weekday, dayPart: dayPart as DayPart };
}

/**
 * The profile, or null when the source holds no time on air at all.
 *
 * @example
 * const profile = computeDjProfile({ plays, sessions, transitions });
 * profile?.bpm; // { low: 122, high: 126 }
 */
export function computeDjProfile(source: ProfileSource): DjProfile | null {
  const onAir = source.plays.filter((play) => play.playedSec > 0);
  if (onAir.length === 0) return null;
  const tempos = onAir.filter((play) => play.bpm !== null).map((play) => ({
    value: play.bpm!,
    weight: play.playedSec,
  }));
  const judged = source.transitions.filter((t) => t.camelotRelation !== "unknown");
  const lengths = source.sessions.filter((s) => s.endedAt && s.endedAt > s.startedAt)
    .map((s) => (s.endedAt!.getTime() - s.startedAt.getTime()) / 60_000);
  const firsts = [...source.sessions.map((s) => s.startedAt), ...onAir.map((p) => p.startedAt)];
  const totalSec = onAir.reduce((sum, play) => sum + play.playedSec, 0);
  return {
    genres: topGenres(onAir),
    bpm: tempos.length
      ? {
        low: Math.round(weightedPercentile(tempos, 0.1)),
        high: Math.round(weightedPercentile(tempos, 0.9)),
      }
      : null,
    harmonicPercent: judged.length
      ? Math.round((judged.filter((t) => HARMONIC.has(t.camelotRelation)).length / judged.length) * 100)
      : null,
    typicalSetMinutes: lengths.length ? Math.round(median(lengths)) : null,
    mostActive: mostActive(onAir),
    experience: {
      sessions: source.sessions.length,
      hours: Math.round((totalSec / 3600) * 10) / 10,
      since: firsts.length ? new Date(Math.min(...firsts.map((d) => d.getTime()))) : null,
    },
  };
}

/** "Saturday nights", "Sunday afternoons". */
export function describeMostActive(active: NonNullable<DjProfile["mostActive"]>): string {
  return `${active.weekday} ${active.dayPart === "night" ? "nights" : `${active.dayPart}s`}`;
}
