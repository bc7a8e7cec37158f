/**
 * @module
 * The Community Leaderboard: opted-in DJs ranked in one category over the last 7 days or all time, with
 * the badges each chose to show. DJs who did not opt in are never read, so they cannot appear.
 */
import { and, eq, gte, inArray, isNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { hiddenBadges, leaderboardSettings } from "../../db/schema/leaderboard.ts";
import { djDailyStats } from "../../db/schema/telemetry.ts";
import { users } from "../../db/schema/users.ts";
import {
  type BadgeCategory,
  type BadgeDefinition,
  categoryInfo,
  type DjTotals,
  earnedBadges,
  longestStreak,
} from "../dj_stats/mod.ts";
import { listUserTotals, type UserTotals } from "../telemetry/mod.ts";
import { rankByValue } from "./ranking.ts";

export const PERIODS = ["week", "all"] as const;
export type Period = typeof PERIODS[number];

export interface BoardEntry {
  rank: number;
  userId: string;
  displayName: string;
  value: number;
  badges: BadgeDefinition[];
}

export interface Board {
  category: BadgeCategory;
  period: Period;
  entries: BoardEntry[];
  /** Whether any opted-in DJ has telemetry at all (if not, the page shows the demo board). */
  hasRealData: boolean;
}

const DAY_MS = 86_400_000;
const ALL_DAYS = { firstDay: "0000-01-01", lastDay: "9999-12-31" };

/** The UTC days of the period ending today. */
export function periodDays(period: Period, now: Date) {
  if (period === "all") return ALL_DAYS;
  return {
    firstDay: new Date(now.getTime() - 6 * DAY_MS).toISOString().slice(0, 10),
    lastDay: now.toISOString().slice(0, 10),
  };
}

async function optedInUsers(db: Db) {
  return await db.select({ id: users.id, displayName: users.displayName }).from(users)
    .innerJoin(leaderboardSettings, eq(leaderboardSettings.userId, users.id))
    .where(and(eq(leaderboardSettings.showOnLeaderboard, true), isNull(users.disabledAt)));
}

/** Each user's active UTC days in the range (for streaks). */
async function activeDays(db: Db, userIds: string[], days: { firstDay: string; lastDay: string }) {
  const rows = userIds.length
    ? await db.selectDistinct({ userId: djDailyStats.userId, day: djDailyStats.day }).from(djDailyStats)
      .where(and(
        inArray(djDailyStats.userId, userIds),
        gte(djDailyStats.day, days.firstDay),
        lte(djDailyStats.day, days.lastDay),
      ))
    : [];
  const byUser = new Map<string, string[]>();
  for (const row of rows) byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.day]);
  return byUser;
}

function asTotals(row: UserTotals, days: string[]): DjTotals {
  return {
    playSeconds: row.playedSec,
    transitions: row.transitions,
    sessions: row.sessions,
    tracksPlayed: row.plays,
    longestStreakDays: longestStreak(days),
    energyWh: row.energyWh,
  };
}

/** Opted-in DJs' totals over `days`, by user id. */
async function totalsByUser(db: Db, userIds: string[], days: { firstDay: string; lastDay: string }) {
  const [rows, active] = await Promise.all([
    listUserTotals(db, userIds, days),
    activeDays(db, userIds, days),
  ]);
  return new Map(rows.map((row) => [row.userId, asTotals(row, active.get(row.userId) ?? [])]));
}

async function hiddenByUser(db: Db, userIds: string[]) {
  const rows = userIds.length
    ? await db.select().from(hiddenBadges).where(inArray(hiddenBadges.userId, userIds))
    : [];
  const byUser = new Map<string, Set<string>>();
  for (const row of rows) byUser.set(row.userId, (byUser.get(row.userId) ?? new Set()).add(row.badgeId));
  return byUser;
}

/** Ranks opted-in DJs with a non-zero value in `category` over `period`. */
export async function communityBoard(
  db: Db,
  category: BadgeCategory,
  period: Period,
  now: Date,
): Promise<Board> {
  const people = await optedInUsers(db);
  const ids = people.map((p) => p.id);
  const allTime = await totalsByUser(db, ids, ALL_DAYS);
  const inPeriod = period === "all" ? allTime : await totalsByUser(db, ids, periodDays(period, now));
  const hidden = await hiddenByUser(db, ids);
  const measure = categoryInfo(category).measure;
  const candidates = people.flatMap((person) => {
    const totals = inPeriod.get(person.id);
    const value = totals ? measure(totals) : 0;
    if (value <= 0) return [];
    const shown = earnedBadges(allTime.get(person.id)!).filter((b) => !hidden.get(person.id)?.has(b.id));
    return [{ userId: person.id, displayName: person.displayName, value, badges: shown }];
  });
  const entries = rankByValue(candidates, (c) => c.value, (c) => c.displayName)
    .map(({ rank, entry }) => ({ rank, ...entry }));
  return { category, period, entries, hasRealData: allTime.size > 0 };
}
