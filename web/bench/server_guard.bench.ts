/**
 * @module Cost of the slow-client guard (web/server.ts): the same app served by `Deno.serve` directly
 * (baseline) and through `serveApp`, which relays every connection to a loopback `Deno.serve`.
 *
 * The app is the real portal on a temporary database. Pages: GET /signin (layout and middleware, no
 * database work: the cheapest real page, where the relay's share is largest) and GET /security signed
 * in (session lookup and one query). The servers are measured in alternating rounds so that load from
 * other processes hits both alike.
 *
 * Usage: npm run bench -- server_guard   (env: BENCH_SECONDS=5, BENCH_CONNECTIONS=50, BENCH_ROUNDS=2)
 */
import { fmt, table } from "../../shared/bench/table.ts";
import { createTestApp } from "../testing/test_app.ts";
import { serveApp } from "../server.ts";
import { runWrk, waitUntilUp, type WrkResult } from "./wrk.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 5);
const CONNECTIONS = Number(Deno.env.get("BENCH_CONNECTIONS") ?? 50);
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 2);

const t = await createTestApp();
const browser = t.browser();
await browser.signUp(t, { email: "bench@example.com" });
const cookie = `Cookie: ${[...browser.cookies].map(([name, value]) => `${name}=${value}`).join("; ")}`;
const direct = Deno.serve(
  { hostname: "127.0.0.1", port: 0, onListen: () => {} },
  (request, info) => t.app.fetch(request, { remoteAddr: info.remoteAddr.hostname }),
);
const guarded = serveApp(t.app, { hostname: "127.0.0.1", port: 0 });
const pages = [
  { page: "GET /signin", path: "/signin", headers: [] as string[] },
  { page: "GET /security (signed in)", path: "/security", headers: [cookie] },
];
const servers = [
  { server: "baseline: Deno.serve directly", port: direct.addr.port },
  { server: "serveApp with the slow-client guard", port: guarded.addr.port },
];
const targets = pages.flatMap(({ page, path, headers }) =>
  servers.map(({ server, port }) => ({
    name: `${page}: ${server}`,
    page,
    headers,
    url: `http://127.0.0.1:${port}${path}`,
  }))
);
const results = new Map<string, WrkResult[]>(targets.map((target) => [target.name, []]));
for (const target of targets) await waitUntilUp(target.url.replace(/\/security$/, "/signin"));
for (let round = 0; round < ROUNDS; round++) {
  for (const target of targets) {
    const run = { url: target.url, seconds: SECONDS, connections: CONNECTIONS, headers: target.headers };
    results.get(target.name)!.push(await runWrk(run));
  }
}
await direct.shutdown();
await guarded.shutdown();
await t.close();

const best = (runs: WrkResult[]) => runs.reduce((a, b) => (b.requestsPerSec > a.requestsPerSec ? b : a));
console.log(table(
  ["page: server", "req/s (best round)", "p50 (ms)", "p99 (ms)", "errors", "req/s vs baseline"],
  targets.map(({ name, page }) => {
    const run = best(results.get(name)!);
    const baseline = best(results.get(targets.find((target) => target.page === page)!.name)!);
    const ratio = run.requestsPerSec / baseline.requestsPerSec;
    return [name, fmt(run.requestsPerSec, 0), fmt(run.p50Ms), fmt(run.p99Ms), run.errors, fmt(ratio)];
  }),
));
