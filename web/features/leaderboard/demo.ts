/**
 * @module
 * The demo board shown while no opted-in DJ has sent telemetry: invented DJs with fixed numbers, always
 * under the demo banner.
 */
import { BADGE_CATEGORIES, type BadgeCategory, earnedBadges } from "../dj_stats/mod.ts";
import type { Board, Period } from "./board.ts";
import { rankByValue } from "./ranking.ts";

const DEMO_DJS: {
  name: string;
  hours: number;
  transitions: number;
  sessions: number;
  tracks: number;
  streak: number;
}[] = [
  { name: "DJ Nova (demo)", hours: 212, transitions: 2450, sessions: 96, tracks: 2610, streak: 12 },
  { name: "Bassline Betty (demo)", hours: 180, transitions: 1980, sessions: 88, tracks: 2105, streak: 21 },
  { name: "Kiko Keys (demo)", hours: 150, transitions: 2210, sessions: 71, tracks: 2380, streak: 9 },
  { name: "Mara Mixwell (demo)", hours: 150, transitions: 1320, sessions: 64, tracks: 1400, streak: 7 },
  { name: "Tempo Tom (demo)", hours: 98, transitions: 990, sessions: 40, tracks: 1050, streak: 5 },
];

export function demoBoard(category: BadgeCategory, period: Period): Board {
  const scale = period === "week" ? 1 / 40 : 1;
  const candidates = DEMO_DJS.map((dj, i) => {
    const totals = {
      playSeconds: dj.hours * 3600,
      transitions: dj.transitions,
      sessions: dj.sessions,
      tracksPlayed: dj.tracks,
      longestStreakDays: dj.streak,
      energyWh: dj.hours * 90,
    };
    const inPeriod = {
      ...totals,
      playSeconds: Math.round(totals.playSeconds * scale),
      transitions: Math.round(totals.transitions * scale),
      sessions: Math.max(1, Math.round(totals.sessions * scale)),
      tracksPlayed: Math.round(totals.tracksPlayed * scale),
      longestStreakDays: period === "week" ? Math.min(7, dj.streak) : dj.streak,
    };
    const info = BADGE_CATEGORIES.find((c) => c.category === category)!;
    return {
      userId: `demo-${i + 1}`,
      displayName: dj.name,
      value: info.measure(inPeriod),
      badges: earnedBadges(totals),
    };
  });
  const entries = rankByValue(candidates, (c) => c.value, (c) => c.displayName)
    .map(({ rank, entry }) => ({ rank, ...entry }));
  return { category, period, entries, hasRealData: false };
}
