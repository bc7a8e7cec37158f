/**
 * @module Latency of MIXERA Connect's page with many opted-in DJs with a year of telemetry each.
 *
 * The real app (in this process, through `app.request`: session, guard, matching, rendering) on a
 * temporary libSQL file. `DJS` opted-in DJs each have 100 sessions of 20 plays and 19 blends over the
 * last year, written straight into the telemetry tables (plus one daily row, whose `last_batch_at` is
 * what the profile cache keys on). Measured: GET /connect for one of them, which computes their
 * matches against every other DJ.
 * - baseline: GET /profile for the same user in the same run (session, layout, one small query);
 * - cold: the very first /connect, when no profile has been computed yet (every DJ's year of plays read);
 * - warm: later views, profiles kept until a new batch arrives or the UTC day turns.
 *
 * Usage: npm run bench -- connect   (env: BENCH_ROUNDS=200, BENCH_DJS=50)
 */
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { djDailyStats, djPlays, djSessions, djTransitions } from "../db/schema/telemetry.ts";
import { connectOptIns } from "../db/schema/connect.ts";
import { previewMember } from "../features/devices/testing/support.ts";
import { createTestApp, type TestBrowser } from "../testing/test_app.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 200);
const DJS = Number(Deno.env.get("BENCH_DJS") ?? 50);
const SESSIONS = 100;
const PLAYS_PER_SESSION = 20;
const GENRES = ["Deep House", "Tech House", "Techno", "Disco", "Drum & Bass"];

const t = await createTestApp();
const db = t.deps.db;
const now = t.clock.now().getTime();

async function seedDj(index: number): Promise<TestBrowser> {
  const { user, browser } = await previewMember(t);
  const deviceId = `bench-device-${index}`;
  const sessions = [], plays = [], transitions = [];
  for (let s = 0; s < SESSIONS; s++) {
    const start = now - (s + 1) * 3.5 * 86_400_000 + (index % 6) * 3_600_000;
    const sessionId = `s${s}`;
    sessions.push({
      deviceId,
      sessionId,
      userId: user.id,
      startedAt: new Date(start),
      endedAt: new Date(start + PLAYS_PER_SESSION * 360_000),
      lastActivityAt: new Date(start + PLAYS_PER_SESSION * 360_000),
      plays: PLAYS_PER_SESSION,
      playedSec: PLAYS_PER_SESSION * 360,
      transitions: PLAYS_PER_SESSION - 1,
    });
    for (let p = 0; p < PLAYS_PER_SESSION; p++) {
      const from = start + p * 360_000;
      plays.push({
        deviceId,
        playId: `${sessionId}-p${p}`,
        sessionId,
        userId: user.id,
        deck: p % 2,
        startedAt: new Date(from),
        endedAt: new Date(from + 360_000),
        playedSec: 360,
        bpm: 118 + (index % 20) + (p % 5),
        camelotKey: "8A",
        genre: GENRES[(index + (p % 3 === 0 ? 1 : 0)) % GENRES.length],
        title: `Track ${p}`,
        artist: "Bench",
        durationSec: 380,
      });
      if (p > 0) {
        transitions.push({
          deviceId,
          outgoingPlayId: `${sessionId}-p${p - 1}`,
          incomingPlayId: `${sessionId}-p${p}`,
          sessionId,
          userId: user.id,
          at: new Date(from),
          fromDeck: (p - 1) % 2,
          toDeck: p % 2,
          tempoDeltaPct: 1,
          camelotRelation: (p + index) % 4 === 0 ? "clash" as const : "adjacent" as const,
          overlapBeats: 32,
          phraseAligned: true,
          bassSwapSec: 8,
        });
      }
    }
  }
  for (let at = 0; at < plays.length; at += 500) await db.insert(djPlays).values(plays.slice(at, at + 500));
  for (let at = 0; at < transitions.length; at += 500) {
    await db.insert(djTransitions).values(transitions.slice(at, at + 500));
  }
  await db.insert(djSessions).values(sessions);
  await db.insert(djDailyStats).values({
    userId: user.id,
    deviceId,
    day: new Date(now).toISOString().slice(0, 10),
    lastBatchAt: new Date(now - 60_000),
  });
  await db.insert(connectOptIns).values({ userId: user.id, optedIn: true, updatedAt: new Date(now) });
  return browser;
}

const browsers: TestBrowser[] = [];
for (let i = 0; i < DJS; i++) browsers.push(await seedDj(i));
const viewer = browsers[0];

async function timed(path: string): Promise<number> {
  const started = performance.now();
  const response = await viewer.get(path);
  await response.text();
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return performance.now() - started;
}

async function measure(path: string): Promise<number[]> {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 10; round++) {
    const ms = await timed(path);
    if (round >= 10) times.push(ms);
  }
  return times.sort((a, b) => a - b);
}

const cold = await timed("/connect");
const baseline = await measure("/profile");
const warm = await measure("/connect");
await t.close();

console.log(
  `GET /connect with ${DJS} opted-in DJs × ${SESSIONS * PLAYS_PER_SESSION} plays, ${ROUNDS} requests (ms).\n`,
);
console.log(table(["request", "p50", "p99", "p99 / baseline p99"], [
  ["/profile (baseline)", fmt(percentile(baseline, 50)), fmt(percentile(baseline, 99)), "1.0"],
  ["/connect, first view (cold)", fmt(cold), fmt(cold), fmt(cold / percentile(baseline, 99), 1)],
  [
    "/connect (profiles kept)",
    fmt(percentile(warm, 50)),
    fmt(percentile(warm, 99)),
    fmt(percentile(warm, 99) / percentile(baseline, 99), 1),
  ],
]));
