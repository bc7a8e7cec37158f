/**
 * @module
 * Reads a DJ's history from the telemetry room's derived tables into the stats model's records. This is
 * the one file that knows the telemetry read API's shape.
 */
import { and, eq, max, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { djDailyStats, djSessions, djTransitions } from "../../db/schema/telemetry.ts";
import {
  type DailyTotals,
  type DjPlay,
  type DjTransition,
  listDailyTotals,
  listPlays,
  listSessionPlays,
  listSessions,
  listTransitions,
} from "../telemetry/mod.ts";
import { finishAggregates, mergePartials, type PartialAggregates, partialFromRecords } from "./aggregate.ts";
import type { StatsCache } from "./cache.ts";
import type {
  DailyActivity,
  DjHistory,
  PlayRecord,
  ScoredTransition,
  SessionTotals,
  TransitionRecord,
} from "./history.ts";
import { countBefore, partialFromDb, playsById } from "./sql_aggregates.ts";
import type { Setlist } from "./setlist.tsx";
import { type DjTotals, totalsOf } from "./totals.ts";

const EVERYTHING = { from: new Date(0), to: new Date(8.64e15) };
const ALL_DAYS = { firstDay: "0000-01-01", lastDay: "9999-12-31" };

const key = (deviceId: string, localId: string) => `${deviceId}/${localId}`;

export function toDailyActivity(day: DailyTotals): DailyActivity {
  return {
    day: day.day,
    sessions: day.sessions,
    plays: day.plays,
    playSeconds: day.playedSec,
    transitions: day.transitions,
    energyWh: day.energyWh,
  };
}

/**
 * When the newest telemetry batch of the user arrived (null before the first one) and a version that
 * changes with every stored batch: the events counted into the daily rows only grow, and two batches may
 * arrive within the same millisecond.
 */
export async function telemetryVersion(
  db: Db,
  userId: string,
): Promise<{ newest: Date; version: string } | null> {
  const [row] = await db.select({
    newest: max(djDailyStats.lastBatchAt),
    events: sql<number>`coalesce(sum(${djDailyStats.events}), 0)`.mapWith(Number),
  }).from(djDailyStats).where(eq(djDailyStats.userId, userId));
  return row?.newest ? { newest: row.newest, version: `${row.newest.getTime()}:${row.events}` } : null;
}

/**
 * Where the page's own reading of single rows begins: the start of the UTC day 8 days ago, so the rows
 * cover the weekly summary's 7 days. The portal takes no event older than 8 days, so what lies before
 * this line rarely changes and its aggregates are kept, keyed by the number of rows before the line: a
 * late batch that adds one makes them be computed again.
 */
function settledBefore(now: Date): Date {
  const day = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return new Date(day - 8 * 86_400_000);
}

export function toPlayRecord(p: DjPlay): PlayRecord {
  return {
    id: key(p.deviceId, p.playId),
    sessionId: key(p.deviceId, p.sessionId),
    deck: p.deck,
    startedAt: p.startedAt,
    endedAt: p.endedAt,
    playedSec: p.playedSec,
    bpm: p.bpm,
    key: p.camelotKey,
    genre: p.genre,
    title: p.title,
    artist: p.artist,
    durationSec: p.durationSec,
  };
}

export function toTransitionRecord(t: DjTransition): TransitionRecord {
  return {
    id: `${key(t.deviceId, t.outgoingPlayId)}>${t.incomingPlayId}`,
    sessionId: key(t.deviceId, t.sessionId),
    at: t.at,
    fromPlayId: key(t.deviceId, t.outgoingPlayId),
    toPlayId: key(t.deviceId, t.incomingPlayId),
    tempoDeltaPct: t.tempoDeltaPct,
    camelotRelation: t.camelotRelation,
    overlapBeats: t.overlapBeats,
    phraseAligned: t.phraseAligned,
  };
}

/**
 * Everything the page needs about the user's telemetry: sessions and daily rows (one per session and
 * day), the plays and transitions of the last 8 days as rows, and the aggregates of everything, where
 * the settled part before those 8 days comes from `settled` when it already holds them.
 */
export async function readHistory(
  db: Db,
  userId: string,
  newest: Date | null,
  now: Date,
  settled: StatsCache<PartialAggregates>,
): Promise<DjHistory> {
  const before = settledBefore(now);
  const recent = { from: before, to: new Date(8.64e15) };
  const [sessionRows, playRows, transitionRows, dayRows, older] = await Promise.all([
    listSessions(db, userId, EVERYTHING),
    listPlays(db, userId, recent),
    listTransitions(db, userId, recent),
    listDailyTotals(db, userId, ALL_DAYS),
    countBefore(db, userId, before).then((version) =>
      settled.get(`${userId}@${before.getTime()}`, version, () => partialFromDb(db, userId, before))
    ),
  ]);
  const recentPlays = playRows.map(toPlayRecord);
  const recentTransitions = transitionRows.map(toTransitionRecord);
  const aggregates = finishAggregates(
    mergePartials(older, partialFromRecords(recentPlays, recentTransitions)),
  );
  await fillInPlays(db, userId, [...aggregates.best, ...aggregates.worst]);
  const sessions: SessionTotals[] = sessionRows.map((s) => ({
    id: key(s.deviceId, s.sessionId),
    deviceId: s.deviceId,
    localId: s.sessionId,
    startedAt: s.startedAt,
    endedAt: s.endedAt,
    plays: s.plays,
    lastActivityAt: s.lastActivityAt,
  }));
  return {
    sessions,
    recentPlays,
    recentTransitions,
    aggregates,
    days: dayRows.map(toDailyActivity),
    newestBatchAt: newest,
  };
}

/** A recent transition out of a play older than the recent rows gets that play from the database. */
async function fillInPlays(db: Db, userId: string, views: ScoredTransition[]): Promise<void> {
  const missing = views.flatMap((v) => [
    ...(v.from ? [] : [v.transition.fromPlayId]),
    ...(v.to ? [] : [v.transition.toPlayId]),
  ]).filter((id): id is string => id !== null);
  if (!missing.length) return;
  const plays = await playsById(db, userId, missing);
  for (const v of views) {
    v.from ??= (v.transition.fromPlayId && plays.get(v.transition.fromPlayId)) || null;
    v.to ??= (v.transition.toPlayId && plays.get(v.transition.toPlayId)) || null;
  }
}

/** One of the user's sessions with its plays in order, or null when the user has no such session. */
export async function findSetlist(
  db: Db,
  userId: string,
  session: { deviceId: string; sessionId: string },
): Promise<Setlist | null> {
  const [row] = await db.select().from(djSessions).where(and(
    eq(djSessions.userId, userId),
    eq(djSessions.deviceId, session.deviceId),
    eq(djSessions.sessionId, session.sessionId),
  ));
  if (!row) return null;
  const [plays, mixes] = await Promise.all([
    listSessionPlays(db, userId, session),
    db.select().from(djTransitions).where(and(
      eq(djTransitions.userId, userId),
      eq(djTransitions.deviceId, session.deviceId),
      eq(djTransitions.sessionId, session.sessionId),
    )),
  ]);
  const mixInto = new Map(mixes.map((t) => [t.incomingPlayId, t]));
  return {
    deviceId: row.deviceId,
    sessionId: row.sessionId,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    entries: plays.map((p) => ({
      startedAt: p.startedAt,
      deck: p.deck,
      artist: p.artist,
      title: p.title,
      bpm: p.bpm,
      key: p.camelotKey,
      playedSec: p.playedSec,
      durationSec: p.durationSec,
      mixIn: mixInto.has(p.playId)
        ? {
          tempoDeltaPct: mixInto.get(p.playId)!.tempoDeltaPct,
          camelotRelation: mixInto.get(p.playId)!.camelotRelation,
        }
        : null,
    })),
  };
}

/** The user's all-time totals (badges, leaderboard position, MIXEY), from the daily rows alone. */
export async function totalsForUser(db: Db, userId: string): Promise<DjTotals> {
  const days = await listDailyTotals(db, userId, ALL_DAYS);
  return totalsOf(days.map(toDailyActivity));
}
