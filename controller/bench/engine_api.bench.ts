/**
 * Engine API under load: the real engine plays four decks through the JACK dummy path (jackd -d dummy
 * + the ALSA jack plugin, so output is paced in real time like a sound card) while 16 TCP clients are
 * connected. Measures command → cmd_ack round trips and the deck_status stream (rate and inter-arrival).
 * The server runs in its own process, as the real controller does; clients run here.
 *
 * Usage: npm run bench -- engine_api   (BENCH_SECONDS=60 by default)
 */
import { spawn, type Subprocess } from "bun";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import { type ApiTestClient, connectApiClient } from "../api/api_client.ts";
import { startJackDummy } from "../engine/testing/support.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const CLIENTS = 16;
const DECKS = 4;
const SEED_BASELINE_MS = 5; // "latency from ~1 second to under 5ms" (seed, Performance Optimizations)
const root = join(import.meta.dir, "..", "..");
const dir = mkdtempSync(join(tmpdir(), "mixera-bench-api-"));
const children: Subprocess[] = [];
let stopJack = () => {};

/** A tone per deck, long enough to keep playing through the whole measurement. */
function writeTrack(path: string, hz: number, seconds: number): void {
  const rate = 44100;
  const samples = new Int16Array(rate * seconds);
  for (let i = 0; i < samples.length; i++) {
    samples[i] = Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 12000);
  }
  writeFileSync(path, encodeWav({ sampleRate: rate, channels: [samples, samples], bits: 16 }));
}

async function startServer(env: Record<string, string>) {
  const server = spawn(
    [
      "node_modules/.bin/bun",
      "controller/api/serve_engine_api.ts",
      "--device",
      "plug:jack",
      "--port",
      "0",
      "--ws-port",
      "0",
    ],
    { cwd: root, env: { ...process.env, ...env }, stdout: "pipe", stderr: "inherit" },
  );
  children.push(server);
  const reader = server.stdout.getReader();
  let text = "";
  const lines: string[] = [];
  const nextLine = async (): Promise<string> => {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("server exited early");
      text += new TextDecoder().decode(value);
    }
    const newline = text.indexOf("\n");
    const line = text.slice(0, newline);
    text = text.slice(newline + 1);
    lines.push(line);
    return line;
  };
  const ports = JSON.parse(await nextLine()) as { tcp: number; ws: number };
  return { server, ports, nextLine };
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

async function main() {
  const jack = await startJackDummy(44100, 256);
  stopJack = jack.stop;
  const { server, ports, nextLine } = await startServer({
    JACK_DEFAULT_SERVER: jack.name,
    JACK_NO_START_SERVER: "1",
  });
  const clients: ApiTestClient[] = [];
  for (let i = 0; i < CLIENTS; i++) clients.push(await connectApiClient(ports.tcp));
  const control = clients[0];

  for (let deck = 0; deck < DECKS; deck++) {
    const path = join(dir, `deck ${deck}.wav`);
    writeTrack(path, 110 * (deck + 1), SECONDS + 30);
    control.send(`load_track ${deck} "${path}"`);
    await control.next("track_loaded", (e) => e.data.deck_id === deck, 30_000);
  }
  for (let deck = 0; deck < DECKS; deck++) {
    control.send(`play ${deck}`);
    await control.next("cmd_ack", (e) => e.data.cmd === "play" && e.data.deck_id === deck);
  }
  await Bun.sleep(2000); // JIT and socket warm-up before measuring

  const arrivals: number[][] = clients.map(() => []);
  /** The server's own tick times (ts_ms), to tell its timer jitter from the network's and the client's. */
  const sentAt: number[] = [];
  clients.forEach((client, i) => {
    client.received.length = 0;
    client.onEvent = (event) => {
      if (event.event !== "deck_status") return;
      arrivals[i].push(performance.now());
      if (i === 0) sentAt.push(event.data.ts_ms);
    };
  });
  const roundTrips: number[] = [];
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const end = started + SECONDS * 1000;
  let n = 0;
  while (performance.now() < end) {
    const client = clients[n % CLIENTS];
    const deck = n % DECKS;
    const sent = performance.now();
    client.send(`play ${deck}`);
    await client.next("cmd_ack", (e) => e.data.deck_id === deck);
    roundTrips.push(performance.now() - sent);
    client.received.length = 0;
    n++;
    await Bun.sleep(10);
  }
  const elapsedS = (performance.now() - started) / 1000;
  const loadAfter = loadavg()[0];
  control.received.length = 0;
  const playingAtEnd = (await control.next("deck_status")).data.decks.filter((d) => d.playing).length;
  const rssMb = residentMb(server.pid);

  server.kill("SIGTERM");
  const { underruns } = JSON.parse(await nextLine()) as { underruns: number };
  for (const client of clients) client.close();

  roundTrips.sort((a, b) => a - b);
  const rates = arrivals.map((a) => (a.length - 1) / ((a.at(-1)! - a[0]) / 1000));
  const gaps = arrivals.flatMap((a) => a.slice(1).map((t, i) => t - a[i])).sort((a, b) => a - b);
  const serverGaps = sentAt.slice(1).map((t, i) => t - sentAt[i]).sort((a, b) => a - b);
  const meanRate = rates.reduce((s, r) => s + r, 0) / rates.length;
  const p99Rtt = percentile(roundTrips, 99);

  const check = (ok: boolean) => (ok ? "✓" : "✗");
  const rtt50 = percentile(roundTrips, 50);
  const gap99 = percentile(gaps, 99);
  console.log(
    `${DECKS} decks playing through jackd -d dummy (44.1 kHz, 256 frames) + ALSA plug:jack, ` +
      `${CLIENTS} TCP clients, ${fmt(elapsedS, 1)} s measured, ${roundTrips.length} round trips, ` +
      `${playingAtEnd} decks still playing at the end; load average ${fmt(loadBefore, 1)} → ` +
      `${fmt(loadAfter, 1)} on ${navigator.hardwareConcurrency} cores.\n`,
  );
  console.log(table(["metric", "value", "target", "seed baseline", "ratio to baseline"], [
    [
      "cmd → cmd_ack p50",
      `${fmt(rtt50, 3)} ms`,
      "",
      `< ${SEED_BASELINE_MS} ms`,
      fmt(rtt50 / SEED_BASELINE_MS, 3),
    ],
    [
      "cmd → cmd_ack p99",
      `${fmt(p99Rtt, 3)} ms`,
      `≤ 1 ms ${check(p99Rtt <= 1)}`,
      `< ${SEED_BASELINE_MS} ms`,
      fmt(p99Rtt / SEED_BASELINE_MS, 3),
    ],
    ["cmd → cmd_ack max", `${fmt(roundTrips.at(-1)!, 3)} ms`, "", "", ""],
    [
      "deck_status mean rate per client",
      `${fmt(meanRate)} Hz`,
      `30.0 Hz ${check(Math.abs(meanRate - 30) < 0.05)}`,
      "~30 Hz",
      fmt(meanRate / 30, 4),
    ],
    [
      "deck_status rate, slowest–fastest client",
      `${fmt(Math.min(...rates))}–${fmt(Math.max(...rates))} Hz`,
      "",
      "",
      "",
    ],
    ["deck_status inter-arrival p50", `${fmt(percentile(gaps, 50))} ms`, "33.3 ms", "", ""],
    ["deck_status inter-arrival p99", `${fmt(gap99)} ms`, `≤ 35 ms ${check(gap99 <= 35)}`, "", ""],
    ["deck_status inter-arrival max", `${fmt(gaps.at(-1)!)} ms`, "", "", ""],
    [
      "deck_status ts_ms spacing p99 (server timer alone)",
      `${fmt(percentile(serverGaps, 99))} ms`,
      "",
      "",
      "",
    ],
    ["output underruns during the run", String(underruns), "0", "", ""],
    ["server resident memory", `${fmt(rssMb, 0)} MB`, "", "", ""],
  ]));
}

try {
  await main();
} finally {
  for (const child of children.reverse()) child.kill("SIGTERM");
  await Promise.all(children.map((c) => c.exited));
  stopJack();
  rmSync(dir, { recursive: true, force: true });
}
