/**
 * @module
 * Reads a DJ's history from the telemetry room's derived tables into the stats model's records. This is
 * the one file that knows the telemetry read API's shape.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { djSessions } from "../../db/schema/telemetry.ts";
import {
  type DailyTotals,
  type DjPlay,
  type DjTransition,
  listDailyTotals,
  listPlays,
  listSessionPlays,
  listSessions,
  listTransitions,
  telemetryLastUpdated,
} from "../telemetry/mod.ts";
import type { DailyActivity, DjHistory, PlayRecord, SessionTotals, TransitionRecord } from "./history.ts";
import { aggregateFromDb } from "./sql_aggregates.ts";
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

/** When the newest telemetry batch of the user arrived, or null before the first one. */
export function newestBatchAt(db: Db, userId: string): Promise<Date | null> {
  return telemetryLastUpdated(db, userId);
}

/** How far back the page reads single plays and transitions: this week and the week before. */
const RECENT_MS = 14 * 86_400_000;

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
 * day), the plays and transitions of the last two weeks, and the aggregates of all the others.
 */
export async function readHistory(
  db: Db,
  userId: string,
  newest: Date | null,
  now: Date,
): Promise<DjHistory> {
  const recent = { from: new Date(now.getTime() - RECENT_MS), to: new Date(8.64e15) };
  const [sessionRows, recentPlays, recentTransitions, dayRows, aggregates] = await Promise.all([
    listSessions(db, userId, EVERYTHING),
    listPlays(db, userId, recent),
    listTransitions(db, userId, recent),
    listDailyTotals(db, userId, ALL_DAYS),
    aggregateFromDb(db, userId),
  ]);
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
    recentPlays: recentPlays.map(toPlayRecord),
    recentTransitions: recentTransitions.map(toTransitionRecord),
    aggregates,
    days: dayRows.map(toDailyActivity),
    newestBatchAt: newest,
  };
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
  const plays = await listSessionPlays(db, userId, session);
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
    })),
  };
}

/** The user's all-time totals (badges, leaderboard position, MIXEY), from the daily rows alone. */
export async function totalsForUser(db: Db, userId: string): Promise<DjTotals> {
  const days = await listDailyTotals(db, userId, ALL_DAYS);
  return totalsOf(days.map(toDailyActivity));
}
