/**
 * @module
 * What the DJ Stats, Leaderboard, Sustainability and profile pages read: a user's sessions, plays,
 * transitions and daily totals over a time range, per-user totals for leaderboards, community totals,
 * and "Last updated" (when the newest batch arrived). All of it comes from the derived tables, which
 * stay small; the raw batches are never scanned here.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, max, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import {
  djDailyStats,
  type DjPlay,
  djPlays,
  type DjSession,
  djSessions,
  type DjTransition,
  djTransitions,
} from "../../db/schema/telemetry.ts";

/** A half-open time range: `from` ≤ t < `to`. */
export interface TimeRange {
  from: Date;
  to: Date;
}

/** An inclusive range of UTC days, `YYYY-MM-DD`. */
export interface DayRange {
  firstDay: string;
  lastDay: string;
}

/** A user's sessions that started in `range`, newest first. */
export function listSessions(db: Db, userId: string, range: TimeRange): Promise<DjSession[]> {
  return db.select().from(djSessions)
    .where(and(
      eq(djSessions.userId, userId),
      gte(djSessions.startedAt, range.from),
      lt(djSessions.startedAt, range.to),
    ))
    .orderBy(desc(djSessions.startedAt));
}

/** A user's plays that started in `range`, in the order they started. */
export function listPlays(db: Db, userId: string, range: TimeRange): Promise<DjPlay[]> {
  return db.select().from(djPlays)
    .where(
      and(eq(djPlays.userId, userId), gte(djPlays.startedAt, range.from), lt(djPlays.startedAt, range.to)),
    )
    .orderBy(asc(djPlays.startedAt));
}

/** The plays of one of the user's sessions (its setlist), in the order they started. */
export function listSessionPlays(
  db: Db,
  userId: string,
  session: { deviceId: string; sessionId: string },
): Promise<DjPlay[]> {
  return db.select().from(djPlays)
    .where(and(
      eq(djPlays.deviceId, session.deviceId),
      eq(djPlays.sessionId, session.sessionId),
      eq(djPlays.userId, userId),
    ))
    .orderBy(asc(djPlays.startedAt));
}

/** A user's transitions in `range`, in time order. */
export function listTransitions(db: Db, userId: string, range: TimeRange): Promise<DjTransition[]> {
  return db.select().from(djTransitions)
    .where(and(
      eq(djTransitions.userId, userId),
      gte(djTransitions.at, range.from),
      lt(djTransitions.at, range.to),
    ))
    .orderBy(asc(djTransitions.at));
}

/** One day's totals over all of a user's devices (or the devices given). */
export interface DailyTotals {
  day: string;
  sessions: number;
  plays: number;
  playedSec: number;
  transitions: number;
  harmonicTransitions: number;
  faderMoves: number;
  crossfaderMoves: number;
  eqMoves: number;
  energyWh: number;
  errors: number;
  accessoryWarnings: number;
  heartbeats: number;
  maxCpuTempC: number | null;
  droppedEvents: number;
  events: number;
}

const totalsColumns = {
  sessions: sql<number>`coalesce(sum(${djDailyStats.sessions}), 0)`.mapWith(Number),
  plays: sql<number>`coalesce(sum(${djDailyStats.plays}), 0)`.mapWith(Number),
  playedSec: sql<number>`coalesce(sum(${djDailyStats.playedSec}), 0)`.mapWith(Number),
  transitions: sql<number>`coalesce(sum(${djDailyStats.transitions}), 0)`.mapWith(Number),
  harmonicTransitions: sql<number>`coalesce(sum(${djDailyStats.harmonicTransitions}), 0)`.mapWith(Number),
  faderMoves: sql<number>`coalesce(sum(${djDailyStats.faderMoves}), 0)`.mapWith(Number),
  crossfaderMoves: sql<number>`coalesce(sum(${djDailyStats.crossfaderMoves}), 0)`.mapWith(Number),
  eqMoves: sql<number>`coalesce(sum(${djDailyStats.eqMoves}), 0)`.mapWith(Number),
  energyWh: sql<number>`coalesce(sum(${djDailyStats.energyWh}), 0)`.mapWith(Number),
  errors: sql<number>`coalesce(sum(${djDailyStats.errors}), 0)`.mapWith(Number),
  accessoryWarnings: sql<number>`coalesce(sum(${djDailyStats.accessoryWarnings}), 0)`.mapWith(Number),
  heartbeats: sql<number>`coalesce(sum(${djDailyStats.heartbeats}), 0)`.mapWith(Number),
  maxCpuTempC: max(djDailyStats.maxCpuTempC),
  droppedEvents: sql<number>`coalesce(sum(${djDailyStats.droppedEvents}), 0)`.mapWith(Number),
  events: sql<number>`coalesce(sum(${djDailyStats.events}), 0)`.mapWith(Number),
};

/** A user's totals per UTC day in `days`, oldest first; days without telemetry are left out. */
export function listDailyTotals(
  db: Db,
  userId: string,
  days: DayRange,
  options: { deviceIds?: string[] } = {},
): Promise<DailyTotals[]> {
  return db.select({ day: djDailyStats.day, ...totalsColumns }).from(djDailyStats)
    .where(and(
      eq(djDailyStats.userId, userId),
      gte(djDailyStats.day, days.firstDay),
      lte(djDailyStats.day, days.lastDay),
      options.deviceIds ? inArray(djDailyStats.deviceId, options.deviceIds) : undefined,
    ))
    .groupBy(djDailyStats.day)
    .orderBy(asc(djDailyStats.day));
}

/** One user's totals over a range of days, for leaderboards. */
export type UserTotals = Omit<DailyTotals, "day"> & { userId: string; activeDays: number };

/**
 * Totals per user over `days` for the users given (leaderboards pass the opted-in users), in no
 * particular order; users without telemetry in the range are left out.
 */
export async function listUserTotals(db: Db, userIds: string[], days: DayRange): Promise<UserTotals[]> {
  if (userIds.length === 0) return [];
  return await db.select({
    userId: djDailyStats.userId,
    activeDays: sql<number>`count(distinct ${djDailyStats.day})`.mapWith(Number),
    ...totalsColumns,
  }).from(djDailyStats)
    .where(and(
      inArray(djDailyStats.userId, userIds),
      gte(djDailyStats.day, days.firstDay),
      lte(djDailyStats.day, days.lastDay),
    ))
    .groupBy(djDailyStats.userId);
}

/** Everyone's totals together (Sustainability's community impact), optionally over a range of days. */
export async function communityTotals(
  db: Db,
  days?: DayRange,
): Promise<Omit<DailyTotals, "day"> & { djs: number }> {
  const [row] = await db.select({
    djs: sql<number>`count(distinct ${djDailyStats.userId})`.mapWith(Number),
    ...totalsColumns,
  }).from(djDailyStats)
    .where(days ? and(gte(djDailyStats.day, days.firstDay), lte(djDailyStats.day, days.lastDay)) : undefined);
  return row;
}

/** When the newest batch with any of the user's telemetry arrived; null when there is none yet. */
export async function telemetryLastUpdated(db: Db, userId: string): Promise<Date | null> {
  const [row] = await db.select({ newest: max(djDailyStats.lastBatchAt) }).from(djDailyStats)
    .where(eq(djDailyStats.userId, userId));
  return row?.newest ?? null;
}
