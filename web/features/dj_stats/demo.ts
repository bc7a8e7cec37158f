/**
 * @module
 * The demo dataset shown while a DJ's controllers have sent nothing: twelve weeks of invented sessions
 * from a fixed seed, anchored to the current UTC day, so every visitor sees the same numbers all day and
 * tests can check them. It is always labelled as demo data on the page.
 */
import { historyFromRecords } from "./aggregate.ts";
import type {
  CamelotRelation,
  DailyActivity,
  DjHistory,
  PlayRecord,
  SessionRecord,
  TransitionRecord,
} from "./history.ts";
import { utcDay } from "./history.ts";

/** A small deterministic PRNG (mulberry32): the same seed gives the same sequence on every runtime. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GENRES = ["House", "Tech House", "Techno", "Deep House", "Melodic Techno", "Disco"];
const WORDS = ["Night", "Drive", "Pulse", "Echo", "Horizon", "Velvet", "Neon", "Tide", "Orbit", "Ember"];
const ARTISTS = ["Demo Artist", "Sample Collective", "Placeholder Duo", "Example Sound"];
const RELATIONS: CamelotRelation[] = [
  "same",
  "adjacent",
  "adjacent",
  "relative",
  "diagonal",
  "energy_boost",
  "clash",
];
const DAY_MS = 86_400_000;

/** Demo sessions over the 12 weeks before `now`, weighted to Friday and Saturday nights. */
export function demoHistory(now: Date): DjHistory {
  return historyFromRecords(demoRecords(now), now);
}

function demoRecords(now: Date) {
  const random = seededRandom(20261201);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sessions: SessionRecord[] = [];
  const plays: PlayRecord[] = [];
  const transitions: TransitionRecord[] = [];
  const days = new Map<string, DailyActivity>();
  for (let back = 83; back >= 1; back--) {
    const dayStart = today - back * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    const chance = weekday === 5 || weekday === 6 ? 0.8 : 0.15;
    if (random() > chance) continue;
    const sessionId = `demo-session-${sessions.length + 1}`;
    const start = dayStart + (weekday >= 5 ? 22 : 19) * 3_600_000 + Math.floor(random() * 4) * 900_000;
    const genre = pick(GENRES);
    let bpm = genre === "Techno" ? 130 : genre === "Disco" ? 116 : 122 + Math.floor(random() * 5);
    let key = 1 + Math.floor(random() * 12);
    let at = start;
    const trackCount = 12 + Math.floor(random() * 14);
    let previous: PlayRecord | null = null;
    for (let n = 0; n < trackCount; n++) {
      const length = 240 + Math.floor(random() * 180);
      const play: PlayRecord = {
        id: `${sessionId}-play-${n + 1}`,
        sessionId,
        deck: n % 2,
        startedAt: new Date(at),
        endedAt: new Date(at + length * 1000),
        playedSec: length,
        bpm,
        key: `${key}${random() < 0.6 ? "A" : "B"}`,
        genre: random() < 0.75 ? genre : pick(GENRES),
        title: `${pick(WORDS)} ${pick(WORDS)}`,
        artist: pick(ARTISTS),
        durationSec: length + 30,
      };
      plays.push(play);
      if (previous) {
        const tempo = Math.round(random() * random() * 90) / 10;
        transitions.push({
          id: `${play.id}-transition`,
          sessionId,
          at: play.startedAt,
          fromPlayId: previous.id,
          toPlayId: play.id,
          tempoDeltaPct: tempo,
          camelotRelation: pick(RELATIONS),
          overlapBeats: 16 + Math.floor(random() * 7) * 8,
          phraseAligned: random() < 0.7,
        });
      }
      previous = play;
      at += (length - 30) * 1000;
      bpm = Math.max(100, Math.min(140, bpm + Math.round((random() - 0.4) * 3)));
      key = ((key + (random() < 0.5 ? 0 : 1) - 1) % 12) + 1;
    }
    sessions.push({
      id: sessionId,
      deviceId: "demo-device",
      localId: sessionId,
      startedAt: new Date(start),
      endedAt: new Date(at + 30_000),
    });
    const sessionPlays = plays.filter((p) => p.sessionId === sessionId);
    const day = utcDay(new Date(start));
    const played = sessionPlays.reduce((s, p) => s + p.playedSec, 0);
    days.set(day, {
      day,
      sessions: 1,
      plays: sessionPlays.length,
      playSeconds: played,
      transitions: sessionPlays.length - 1,
      energyWh: Math.round((played / 3600) * 95),
    });
  }
  return {
    sessions,
    plays,
    transitions,
    days: [...days.values()],
    newestBatchAt: null,
  };
}
