/**
 * @module
 * A DJ's running totals (playtime, transitions, sessions, tracks, streaks), computed from daily activity
 * alone, so badges and the leaderboard read one small row per active day instead of every play.
 */
import type { DailyActivity } from "./history.ts";

export interface DjTotals {
  playSeconds: number;
  transitions: number;
  sessions: number;
  tracksPlayed: number;
  /** The most consecutive UTC days with at least one session. */
  longestStreakDays: number;
  energyWh: number;
}

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY_MS);
}

/** The longest run of consecutive days in `days` (any order, duplicates allowed). */
export function longestStreak(days: readonly string[]): number {
  const numbers = [...new Set(days.map(dayNumber))].sort((a, b) => a - b);
  let best = 0;
  let run = 0;
  numbers.forEach((n, i) => {
    run = i > 0 && n === numbers[i - 1] + 1 ? run + 1 : 1;
    best = Math.max(best, run);
  });
  return best;
}

/**
 * Totals over the days on or after `since` (`YYYY-MM-DD`, all days when omitted).
 *
 * @example
 * totalsOf([{ day: "2026-11-30", sessions: 1, plays: 12, playSeconds: 3600, transitions: 11, energyWh: 90 }]);
 * // { playSeconds: 3600, transitions: 11, sessions: 1, tracksPlayed: 12, longestStreakDays: 1, energyWh: 90 }
 */
export function totalsOf(days: readonly DailyActivity[], since?: string): DjTotals {
  const counted = since ? days.filter((d) => d.day >= since) : days;
  const sum = (pick: (d: DailyActivity) => number) => counted.reduce((total, d) => total + pick(d), 0);
  return {
    playSeconds: sum((d) => d.playSeconds),
    transitions: sum((d) => d.transitions),
    sessions: sum((d) => d.sessions),
    tracksPlayed: sum((d) => d.plays),
    longestStreakDays: longestStreak(counted.filter((d) => d.sessions > 0 || d.plays > 0).map((d) => d.day)),
    energyWh: sum((d) => d.energyWh),
  };
}
