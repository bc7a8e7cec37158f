/**
 * @module `/dj-stats` render latency for a DJ with a year of telemetry, against `/profile` in the same run.
 *
 * The real app (createApp) runs in this process on a temporary libSQL file. One Preview member owns one
 * controller with a year of derived telemetry: 300 sessions of 100 plays (30,000 plays, 29,700
 * transitions) and their daily rows, written straight into the telemetry tables the ingest fills.
 * Requests go one at a time through `app.request` with the member's session cookie, so each sample is
 * one full request: session lookup, queries, stats, HTML. Measured:
 * - baseline: GET /profile (session lookup, the profile blocks, the layout);
 * - GET /dj-stats, unchanged data: the stats computed for the newest batch are reused;
 * - GET /dj-stats after a new batch: the newest-batch time moves before every request (outside the
 *   timing), so every request reads the whole year and computes every panel again.
 * Target (issue 12): p99 ≤ 50 ms for /dj-stats.
 *
 * Usage: npm run bench -- dj_stats   (env: BENCH_REQUESTS=200)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { loadConfig } from "../../shared/config/config.ts";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { createApp } from "../app.ts";
import { createSession, SESSION_COOKIE } from "../auth/session.ts";
import { systemClock } from "../clock.ts";
import { type Db, migrateDb, openDb } from "../db/client.ts";
import { devices, previewApplications } from "../db/schema/devices.ts";
import { djDailyStats, djPlays, djSessions, djTransitions } from "../db/schema/telemetry.ts";
import { users } from "../db/schema/users.ts";
import { devOutboxMailer } from "../mail/dev_outbox.ts";
import { fsStorage } from "../storage/fs_storage.ts";

const REQUESTS = Number(Deno.env.get("BENCH_REQUESTS") ?? 200);
const SESSIONS = 300;
const PLAYS_PER_SESSION = 100;
const USER = "bench-dj";
const DEVICE = "bench-device";
const GENRES = ["House", "Tech House", "Techno", "Deep House", "Disco"];
const RELATIONS = ["same", "adjacent", "relative", "diagonal", "energy_boost", "clash"] as const;

async function insertInChunks<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += 500) await insert(rows.slice(i, i + 500));
}

/** A year of sessions ending yesterday, one every ~1.2 days at 22:00 UTC. */
async function seedYear(db: Db, now: Date): Promise<void> {
  await db.insert(users).values({
    id: USER,
    mixeraId: "MXR-BENCHDJ1",
    email: "dj@bench.example",
    displayName: "Bench DJ",
    passwordHash: "unused",
    emailVerifiedAt: now,
  });
  await db.insert(previewApplications).values({
    userId: USER,
    status: "accepted",
    motivation: "bench",
    gear: "bench",
    createdAt: now,
  });
  await db.insert(devices).values({
    id: DEVICE,
    serial: "MXR-20250122-000001",
    userId: USER,
    model: "MXR-CTRL-ONE",
    purchaseDate: "2025-01-22",
    registeredAt: now,
  });
  const sessions = [];
  const plays = [];
  const transitions = [];
  const days = new Map<string, typeof djDailyStats.$inferInsert>();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  for (let s = 0; s < SESSIONS; s++) {
    const start = today - Math.round((365 - s * 1.2) * 86_400_000) + 22 * 3_600_000;
    const sessionId = `session-${s}`;
    let at = start;
    for (let p = 0; p < PLAYS_PER_SESSION; p++) {
      const playId = `play-${s}-${p}`;
      plays.push({
        deviceId: DEVICE,
        playId,
        sessionId,
        userId: USER,
        deck: p % 2,
        startedAt: new Date(at),
        endedAt: new Date(at + 180_000),
        playedSec: 180,
        bpm: 118 + ((s + p) % 14),
        camelotKey: `${1 + ((s + p) % 12)}${p % 3 ? "A" : "B"}`,
        genre: GENRES[(s + p) % GENRES.length],
        cloudTrackId: null,
        title: `Track ${(s * 7 + p) % 900}`,
        artist: `Artist ${(s + p) % 60}`,
        durationSec: 200,
      });
      if (p > 0) {
        transitions.push({
          deviceId: DEVICE,
          outgoingPlayId: `play-${s}-${p - 1}`,
          incomingPlayId: playId,
          sessionId,
          userId: USER,
          at: new Date(at),
          fromDeck: (p - 1) % 2,
          toDeck: p % 2,
          tempoDeltaPct: ((s * p) % 90) / 10,
          camelotRelation: RELATIONS[(s + p) % RELATIONS.length],
          overlapBeats: 16 + (p % 5) * 8,
          phraseAligned: p % 4 !== 0,
          bassSwapSec: null,
        });
      }
      at += 170_000;
    }
    sessions.push({
      deviceId: DEVICE,
      sessionId,
      userId: USER,
      startedAt: new Date(start),
      endedAt: new Date(at),
      endReason: "stopped" as const,
      lastActivityAt: new Date(at),
      plays: PLAYS_PER_SESSION,
      playedSec: PLAYS_PER_SESSION * 180,
      transitions: PLAYS_PER_SESSION - 1,
    });
    const day = new Date(start).toISOString().slice(0, 10);
    const row = days.get(day) ?? {
      userId: USER,
      deviceId: DEVICE,
      day,
      lastBatchAt: new Date(at),
    };
    row.sessions = (row.sessions ?? 0) + 1;
    row.plays = (row.plays ?? 0) + PLAYS_PER_SESSION;
    row.playedSec = (row.playedSec ?? 0) + PLAYS_PER_SESSION * 180;
    row.transitions = (row.transitions ?? 0) + PLAYS_PER_SESSION - 1;
    row.energyWh = (row.energyWh ?? 0) + 450;
    days.set(day, row);
  }
  await insertInChunks(sessions, (chunk) => db.insert(djSessions).values(chunk));
  await insertInChunks(plays, (chunk) => db.insert(djPlays).values(chunk));
  await insertInChunks(transitions, (chunk) => db.insert(djTransitions).values(chunk));
  await insertInChunks([...days.values()], (chunk) => db.insert(djDailyStats).values(chunk));
}

async function sample(request: () => Promise<Response>, before?: () => Promise<void>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    if (before) await before();
    const start = performance.now();
    const response = await request();
    await response.text();
    times.push(performance.now() - start);
    if (response.status !== 200) throw new Error(`answered ${response.status}`);
  }
  return times.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-bench-"));
  const config = loadConfig({
    MIXERA_ENV: "development",
    LIBSQL_URL: `file:${join(dir, "bench.db")}`,
    DATA_DIR: dir,
  });
  const db = await openDb(config.databaseUrl);
  try {
    await migrateDb(db);
    const now = new Date();
    await seedYear(db, now);
    const { token } = await createSession(db, USER, { userAgent: "bench", ip: "127.0.0.1" }, now);
    const app = createApp({
      db,
      config,
      clock: systemClock,
      mailer: devOutboxMailer(db, systemClock),
      storage: fsStorage(join(dir, "files")),
    });
    const get = (path: string) => () =>
      app.request(path, { headers: { cookie: `${SESSION_COOKIE}=${token}` } }, { remoteAddr: "127.0.0.1" });
    const page = await (await get("/dj-stats")()).text();
    if (!page.includes('data-testid="total-tracks">30000<')) {
      throw new Error("the page does not show the year");
    }

    let batch = now.getTime();
    const newBatch = async () => {
      batch += 1;
      await db.update(djDailyStats).set({ lastBatchAt: new Date(batch) }).where(
        eq(djDailyStats.userId, USER),
      );
    };
    for (let i = 0; i < 20; i++) await get("/profile")();
    const rows = [
      { name: "baseline: GET /profile", times: await sample(get("/profile")) },
      { name: "GET /dj-stats, data unchanged (stats reused)", times: await sample(get("/dj-stats")) },
      {
        name: "GET /dj-stats after a new batch (full read + compute)",
        times: await sample(get("/dj-stats"), newBatch),
      },
    ];
    const baselineP99 = percentile(rows[0].times, 99);
    console.log(
      `One DJ: ${SESSIONS} sessions, ${SESSIONS * PLAYS_PER_SESSION} plays, ${
        SESSIONS * (PLAYS_PER_SESSION - 1)
      } transitions over a year; ${REQUESTS} sequential requests per row, in process.\n`,
    );
    console.log(table(
      ["request", "p50 (ms)", "p99 (ms)", "max (ms)", "p99 vs baseline"],
      rows.map((row) => [
        row.name,
        fmt(percentile(row.times, 50)),
        fmt(percentile(row.times, 99)),
        fmt(row.times.at(-1)!),
        fmt(percentile(row.times, 99) / baselineP99),
      ]),
    ));
    const worst = percentile(rows[2].times, 99);
    console.log(
      `\nTarget p99 ≤ 50 ms for /dj-stats: ${worst <= 50 ? "met" : "NOT met"} after a new batch (${
        fmt(worst)
      } ms), ${percentile(rows[1].times, 99) <= 50 ? "met" : "NOT met"} with unchanged data.`,
    );
  } finally {
    db.$client.close();
    if (!Deno.env.get("BENCH_KEEP")) rmSync(dir, { recursive: true, force: true });
    else console.log(dir);
  }
}

if (import.meta.main) await main();
