/**
 * @module
 * From a batch's events to what the derived tables need: the plays and transitions as rows, each
 * touched session's known bounds, and per UTC day the counters the batch adds. Pure, so the rules
 * (which day an event counts on, what makes a session's start and end) are tested without a database.
 */
import type { CamelotRelation, TelemetryEvent, TelemetryEventOf } from "../../../shared/telemetry/mod.ts";

/** Relations the daily totals count as harmonic: same key, wheel neighbour, relative major/minor. */
export const HARMONIC_RELATIONS: readonly CamelotRelation[] = ["same", "adjacent", "relative"];

export interface PlayRow {
  playId: string;
  sessionId: string;
  deck: number;
  startedAt: number;
  endedAt: number;
  playedSec: number;
  bpm: number | null;
  camelotKey: string | null;
  genre: string | null;
  cloudTrackId: string | null;
  title: string | null;
  artist: string | null;
  durationSec: number | null;
}

export interface TransitionRow {
  outgoingPlayId: string;
  incomingPlayId: string;
  sessionId: string;
  at: number;
  fromDeck: number;
  toDeck: number;
  tempoDeltaPct: number | null;
  camelotRelation: CamelotRelation;
  overlapBeats: number;
  phraseAligned: boolean;
  bassSwapSec: number | null;
}

/** What this batch tells about one session; merged with what is stored (earliest start, latest end). */
export interface SessionTouch {
  sessionId: string;
  startedAt: number;
  endedAt: number | null;
  endReason: TelemetryEventOf<"session_end">["reason"] | null;
  lastActivityAt: number;
}

/** What the batch adds to one UTC day's counters. */
export interface DayCounters {
  day: string;
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

export interface DerivedBatch {
  plays: PlayRow[];
  transitions: TransitionRow[];
  sessions: SessionTouch[];
  /** Every day the batch has events on (whose sessions, plays and transitions are recounted). */
  days: DayCounters[];
}

const DAY_MS = 24 * 3600 * 1000;

/** `YYYY-MM-DD` of an epoch-milliseconds instant, in UTC. */
export function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Epoch milliseconds of the start and end (exclusive) of a UTC day. */
export function utcDayBounds(day: string): { start: number; end: number } {
  const start = Date.parse(`${day}T00:00:00.000Z`);
  return { start, end: start + DAY_MS };
}

function emptyDay(day: string): DayCounters {
  return {
    day,
    faderMoves: 0,
    crossfaderMoves: 0,
    eqMoves: 0,
    energyWh: 0,
    errors: 0,
    accessoryWarnings: 0,
    heartbeats: 0,
    maxCpuTempC: null,
    droppedEvents: 0,
    events: 0,
  };
}

function playRow(event: TelemetryEventOf<"track_play">): PlayRow {
  return {
    playId: event.playId,
    sessionId: event.sessionId,
    deck: event.deck,
    startedAt: Date.parse(event.startedAt),
    endedAt: Date.parse(event.endedAt),
    playedSec: event.playedSec,
    bpm: event.bpm,
    camelotKey: event.key,
    genre: event.genre,
    cloudTrackId: event.cloudTrackId,
    title: event.title,
    artist: event.artist,
    durationSec: event.durationSec,
  };
}

function transitionRow(event: TelemetryEventOf<"transition">): TransitionRow {
  return {
    outgoingPlayId: event.outgoingPlayId,
    incomingPlayId: event.incomingPlayId,
    sessionId: event.sessionId,
    at: Date.parse(event.ts),
    fromDeck: event.fromDeck,
    toDeck: event.toDeck,
    tempoDeltaPct: event.tempoDeltaPct,
    camelotRelation: event.camelotRelation,
    overlapBeats: event.overlapBeats,
    phraseAligned: event.phraseAligned,
    bassSwapSec: event.bassSwapSec,
  };
}

/** Collects the touches of each session, keeping the earliest start and the latest activity and end. */
class SessionTouches {
  private readonly touches = new Map<string, SessionTouch>();

  touch(sessionId: string, startedAt: number, lastActivityAt: number): SessionTouch {
    const known = this.touches.get(sessionId);
    if (!known) {
      const created = { sessionId, startedAt, endedAt: null, endReason: null, lastActivityAt };
      this.touches.set(sessionId, created);
      return created;
    }
    known.startedAt = Math.min(known.startedAt, startedAt);
    known.lastActivityAt = Math.max(known.lastActivityAt, lastActivityAt);
    return known;
  }

  list(): SessionTouch[] {
    return [...this.touches.values()];
  }
}

/** Adds one event to its day's counters (the day of its `ts`). */
function countOnDay(day: DayCounters, event: TelemetryEvent): void {
  day.events++;
  switch (event.kind) {
    case "mixer_counters":
      day.faderMoves += event.faderMoves;
      day.crossfaderMoves += event.crossfaderMoves;
      day.eqMoves += event.eqMoves;
      break;
    case "energy":
      day.energyWh += event.energyWh;
      break;
    case "error":
      day.errors++;
      break;
    case "accessory":
      day.accessoryWarnings++;
      break;
    case "heartbeat":
      day.heartbeats++;
      if (event.cpuTempC !== null) day.maxCpuTempC = Math.max(day.maxCpuTempC ?? -Infinity, event.cpuTempC);
      break;
    case "outbox_drop":
      day.droppedEvents += event.droppedEvents;
      break;
  }
}

/**
 * Everything the derived tables take from `events`. A play or transition listed twice in the batch
 * is taken once (the last report wins); plays count on the day they started, transitions on the day
 * they happened, every other event on the day of its `ts`.
 */
export function deriveBatch(events: TelemetryEvent[]): DerivedBatch {
  const plays = new Map<string, PlayRow>();
  const transitions = new Map<string, TransitionRow>();
  const sessions = new SessionTouches();
  // Keyed by the day's number since the epoch: formatting a date per event was most of the work here.
  const days = new Map<number, DayCounters>();
  const dayOf = (ms: number) => {
    const number = Math.floor(ms / DAY_MS);
    let counters = days.get(number);
    if (!counters) days.set(number, counters = emptyDay(utcDay(ms)));
    return counters;
  };
  for (const event of events) {
    const ts = Date.parse(event.ts);
    countOnDay(dayOf(ts), event);
    switch (event.kind) {
      case "session_start":
        sessions.touch(event.sessionId, ts, ts);
        break;
      case "session_end": {
        const session = sessions.touch(event.sessionId, ts, ts);
        session.endedAt = Math.max(session.endedAt ?? ts, ts);
        session.endReason = event.reason;
        break;
      }
      case "track_play": {
        const row = playRow(event);
        plays.set(row.playId, row);
        sessions.touch(row.sessionId, row.startedAt, row.endedAt);
        dayOf(row.startedAt);
        break;
      }
      case "transition": {
        const row = transitionRow(event);
        transitions.set(`${row.outgoingPlayId} ${row.incomingPlayId}`, row);
        sessions.touch(row.sessionId, row.at, row.at);
        break;
      }
    }
  }
  return {
    plays: [...plays.values()],
    transitions: [...transitions.values()],
    sessions: sessions.list(),
    days: [...days.values()].sort((a, b) => a.day.localeCompare(b.day)),
  };
}
