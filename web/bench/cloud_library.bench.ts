/**
 * @module Latency of the library's track table at 10,000 tracks.
 *
 * The real app (in this process, through `app.request`, so HTTP parsing is left out but session
 * lookup, query, rendering and htmx fragment are in) on a temporary libSQL file. One user owns 10,000
 * tracks with analysis results (a second user owns 10,000 more, so the user filter has work to do).
 * Each query is the table fragment for one page of 50 (GET /cloud/tracks with HX-Request).
 * - baseline: the same requests for a user whose whole library is 50 tracks (one page: the cost of
 *   rendering 50 rows and the fixed work, without the size of the library);
 * - 10k: default order, sorted by BPM, text search, BPM range + key, compatible keys, genre, last page.
 * Target (issue 10): p99 ≤ 50 ms for a page of 50 at 10,000 tracks.
 *
 * Usage: npm run bench -- cloud_library   (env: BENCH_ROUNDS=200)
 */
import { eq } from "drizzle-orm";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { users } from "../db/schema/users.ts";
import { insertSeedTracks, seedTracks } from "../features/cloud/testing/seed_library.ts";
import { createTestApp, type TestBrowser } from "../testing/test_app.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 200);
const TRACKS = 10_000;

const t = await createTestApp();
async function userWith(email: string, tracks: number, prefix: string): Promise<TestBrowser> {
  const browser = t.browser();
  await browser.signUp(t, { email });
  const [row] = await t.deps.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  await insertSeedTracks(t.deps.db, row.id, seedTracks(tracks, prefix));
  return browser;
}

const big = await userWith("big@example.com", TRACKS, "b");
await userWith("other@example.com", TRACKS, "o");
const small = await userWith("small@example.com", 50, "s");

const QUERIES: [string, string][] = [
  ["newest first", ""],
  ["sorted by BPM", "?sort=bpm&dir=asc"],
  ["text search", "?q=nightdrive"],
  ["BPM 120–126 + key 8A", "?bpmMin=120&bpmMax=126&key=8A"],
  ["compatible with a track", "?compatible=b000016"],
  ["genre", "?genre=techno&sort=title&dir=asc"],
  ["last page", "?page=200"],
];

async function measure(browser: TestBrowser, path: string, compatibleId: string): Promise<number[]> {
  const url = `/cloud/tracks${path.replace("b000016", compatibleId)}`;
  const times: number[] = [];
  for (let round = 0; round < ROUNDS + 10; round++) {
    const started = performance.now();
    const response = await browser.get(url, { "hx-request": "true" });
    await response.text();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    if (round >= 10) times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b);
}

const rows: (string | number)[][] = [];
for (const [name, path] of QUERIES) {
  const baseline = await measure(small, path, "s000016");
  const large = await measure(big, path, "b000016");
  rows.push([
    name,
    fmt(percentile(baseline, 50)),
    fmt(percentile(baseline, 99)),
    fmt(percentile(large, 50)),
    fmt(percentile(large, 99)),
    fmt(percentile(large, 99) / percentile(baseline, 99), 1),
  ]);
}
await t.close();

console.log(`Track table fragment, page of 50, ${ROUNDS} requests each (ms).\n`);
console.log(
  table(["query", "50 tracks p50", "50 tracks p99", "10k tracks p50", "10k tracks p99", "p99 ratio"], rows),
);
