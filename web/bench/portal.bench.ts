/**
 * @module Throughput and latency of a signed-in portal page under `wrk`.
 *
 * The real portal (web/main.ts) runs pinned to one core on a temporary libSQL file with one seeded
 * user and session; `wrk` runs on the other core with 50 connections against 127.0.0.1. Measured:
 * - baseline: GET /signin signed out — the same app, layout and middleware, no database work;
 * - signed-in: GET /security with the session cookie — session lookup (sessions ⋈ users) and one
 *   query (the user's sessions), rendered in the full layout; GET /profile (session lookup only)
 *   shows how the cost splits.
 * Targets: ≥ 3,000 req/s and p99 ≤ 20 ms for the signed-in page.
 *
 * Usage: npm run bench -- portal   (env: BENCH_SECONDS=10, BENCH_CONNECTIONS=50)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fmt, table } from "../../shared/bench/table.ts";
import { migrateDb, openDb } from "../db/client.ts";
import { createSession, SESSION_COOKIE } from "../auth/session.ts";
import { createAccount } from "../features/auth/accounts.ts";
import { newVerificationCode } from "../features/auth/verification.ts";
import { runWrk, startBenchPortal, type WrkResult } from "./wrk.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 10);
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? 50);
const WARMUP_SECONDS = 3;

/** Seeds one verified user with one session and returns the cookie value. */
async function seed(databaseUrl: string): Promise<string> {
  const db = await openDb(databaseUrl);
  await migrateDb(db);
  const now = new Date();
  const account = await createAccount(db, {
    email: "bench@example.com",
    displayName: "DJ Bench",
    password: "bench correct horse",
  }, { now, firstCode: newVerificationCode(now).row });
  if (!account.ok) throw new Error("could not seed the bench user");
  const { token } = await createSession(db, account.user.id, { userAgent: "wrk", ip: "127.0.0.1" }, now);
  db.$client.close();
  return token;
}

function wrkPage(url: string, seconds: number, cookie?: string): Promise<WrkResult> {
  const headers = cookie ? [`Cookie: ${SESSION_COOKIE}=${cookie}`] : [];
  return runWrk({ url, seconds, connections: CONNECTIONS, headers });
}

async function expectStatus(url: string, status: number, cookie?: string): Promise<void> {
  const response = await fetch(url, {
    headers: cookie ? { cookie: `${SESSION_COOKIE}=${cookie}` } : {},
    redirect: "manual",
  });
  await response.body?.cancel();
  if (response.status !== status) throw new Error(`${url} answered ${response.status}, expected ${status}`);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mixera-bench-"));
  const databaseUrl = `file:${join(dir, "bench.db")}`;
  const cookie = await seed(databaseUrl);
  const server = await startBenchPortal(databaseUrl, dir, "/signin");
  const { base } = server;
  try {
    await expectStatus(`${base}/signin`, 200);
    await expectStatus(`${base}/profile`, 200, cookie);
    await expectStatus(`${base}/security`, 200, cookie);

    const pages = [
      { name: "baseline: GET /signin (signed out, no DB)", url: `${base}/signin`, cookie: undefined },
      { name: "signed in: GET /profile (session lookup only)", url: `${base}/profile`, cookie },
      { name: "signed in: GET /security (session lookup + 1 query)", url: `${base}/security`, cookie },
    ];
    const results: WrkResult[] = [];
    for (const page of pages) {
      await wrkPage(page.url, WARMUP_SECONDS, page.cookie);
      results.push(await wrkPage(page.url, SECONDS, page.cookie));
    }

    const [baseline, , signedIn] = results;
    console.log(
      `Portal on 1 core (taskset -c 0), wrk on the other core: ${CONNECTIONS} connections, ${SECONDS} s per page ` +
        `after ${WARMUP_SECONDS} s warm-up.\n`,
    );
    console.log(table(
      ["page", "req/s", "p50 (ms)", "p99 (ms)", "errors", "req/s vs baseline"],
      pages.map((page, i) => [
        page.name,
        fmt(results[i].requestsPerSec, 0),
        fmt(results[i].p50Ms),
        fmt(results[i].p99Ms),
        results[i].errors,
        fmt(results[i].requestsPerSec / baseline.requestsPerSec),
      ]),
    ));
    const throughputOk = signedIn.requestsPerSec >= 3000;
    const latencyOk = signedIn.p99Ms <= 20;
    console.log(
      `\nTargets for the signed-in page: ≥ 3,000 req/s ${throughputOk ? "met" : "NOT met"} ` +
        `(${fmt(signedIn.requestsPerSec, 0)}), p99 ≤ 20 ms ${latencyOk ? "met" : "NOT met"} (${
          fmt(signedIn.p99Ms)
        } ms).`,
    );
    if (results.some((result) => result.errors > 0)) throw new Error("wrk saw errors or non-2xx responses");
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
