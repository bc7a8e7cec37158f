/**
 * Engine API under load: the real engine plays four decks through the JACK dummy path (jackd -d dummy
 * + the ALSA jack plugin, so output is paced in real time like a sound card) while 16 TCP clients are
 * connected. Measures command → cmd_ack round trips and the deck_status stream (rate and inter-arrival).
 * The server runs in its own process, as the real controller does. The measuring client runs here; the other
 * 15 clients run in a child process of this file (`--listeners`), so their 450 status frames a second are
 * not parsed in the event loop that times the round trips (a real front end has one connection, not 16).
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
/** The engine API's published latency goal: a command answered in under 5 ms. */
const LATENCY_GOAL_MS = 5;
const root = join(import.meta.dir, "..", "..");
let dir = "";
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

/** Reads a child's stdout line by line. */
function lineReader(stream: ReadableStream<Uint8Array>): () => Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  return async () => {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) throw new Error("child process exited early");
      text += decoder.decode(value, { stream: true });
    }
    const newline = text.indexOf("\n");
    const line = text.slice(0, newline);
    text = text.slice(newline + 1);
    return line;
  };
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
  const nextLine = lineReader(server.stdout);
  const ports = JSON.parse(await nextLine()) as { tcp: number; ws: number };
  return { server, ports, nextLine };
}

/** Per-client deck_status rates (Hz) and every inter-arrival gap (ms) seen by a set of clients. */
interface StatusStats {
  rates: number[];
  gaps: number[];
}

function statusStats(arrivals: number[][]): StatusStats {
  return {
    rates: arrivals.map((a) => (a.length - 1) / ((a.at(-1)! - a[0]) / 1000)),
    gaps: arrivals.flatMap((a) => a.slice(1).map((t, i) => t - a[i])),
  };
}

/** Child mode: `count` clients that only listen for `seconds`, then print their StatusStats as JSON. */
async function runListeners(port: number, count: number, seconds: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: count }, () => connectApiClient(port)));
  const arrivals: number[][] = clients.map(() => []);
  clients.forEach((client, i) => {
    client.onEvent = (event) => {
      if (event.event === "deck_status") arrivals[i].push(performance.now());
      client.received.length = 0;
    };
  });
  console.log("ready");
  await Bun.sleep(seconds * 1000);
  for (const client of clients) client.close();
  console.log(JSON.stringify(statusStats(arrivals)));
}

function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN) / 1024;
}

/** Round trips of `pause` (nothing is playing yet), the machine's floor for the same path. */
async function measureFloor(control: ApiTestClient): Promise<number[]> {
  const roundTrips: number[] = [];
  for (let n = 0; n < 500; n++) {
    const sent = performance.now();
    control.send(`pause ${n % DECKS}`);
    await control.next("cmd_ack");
    roundTrips.push(performance.now() - sent);
    control.received.length = 0;
    await Bun.sleep(10);
  }
  return roundTrips.sort((a, b) => a - b);
}

/** Sends `play <deck>` every 10 ms for `seconds` and returns each command → cmd_ack time in ms, sorted. */
async function measureRoundTrips(control: ApiTestClient, seconds: number): Promise<number[]> {
  const roundTrips: number[] = [];
  const end = performance.now() + seconds * 1000;
  for (let n = 0; performance.now() < end; n++) {
    const deck = n % DECKS;
    const sent = performance.now();
    control.send(`play ${deck}`);
    await control.next("cmd_ack", (e) => e.data.deck_id === deck);
    roundTrips.push(performance.now() - sent);
    control.received.length = 0;
    await Bun.sleep(10);
  }
  return roundTrips.sort((a, b) => a - b);
}

async function main() {
  dir = mkdtempSync(join(tmpdir(), "mixera-bench-api-"));
  const jack = await startJackDummy(44100, 256);
  stopJack = jack.stop;
  const { server, ports, nextLine } = await startServer({
    JACK_DEFAULT_SERVER: jack.name,
    JACK_NO_START_SERVER: "1",
  });
  const control = await connectApiClient(ports.tcp);
  for (let deck = 0; deck < DECKS; deck++) {
    const path = join(dir, `deck ${deck}.wav`);
    writeTrack(path, 110 * (deck + 1), SECONDS + 30);
    control.send(`load_track ${deck} "${path}"`);
    await control.next("track_loaded", (e) => e.data.deck_id === deck, 30_000);
  }
  // The floor on this machine: the same path with nothing playing and no other client connected.
  const floor = await measureFloor(control);
  for (let deck = 0; deck < DECKS; deck++) {
    control.send(`play ${deck}`);
    await control.next("cmd_ack", (e) => e.data.cmd === "play" && e.data.deck_id === deck);
  }
  const listeners = spawn(
    [
      "node_modules/.bin/bun",
      import.meta.path,
      "--listeners",
      String(ports.tcp),
      String(CLIENTS - 1),
      String(SECONDS),
    ],
    { cwd: root, stdout: "pipe", stderr: "inherit" },
  );
  children.push(listeners);
  const listenerLine = lineReader(listeners.stdout);
  if ((await listenerLine()) !== "ready") throw new Error("listener clients did not start");
  await Bun.sleep(2000); // JIT and socket warm-up before measuring

  const arrivals: number[] = [];
  /** The server's own tick times (ts_ms), to tell its timer jitter from the network's and the client's. */
  const sentAt: number[] = [];
  control.received.length = 0;
  control.onEvent = (event) => {
    if (event.event !== "deck_status") return;
    arrivals.push(performance.now());
    sentAt.push(event.data.ts_ms);
  };
  const loadBefore = loadavg()[0];
  const started = performance.now();
  const roundTrips = await measureRoundTrips(control, SECONDS - 2);
  const elapsedS = (performance.now() - started) / 1000;
  const loadAfter = loadavg()[0];
  const others = JSON.parse(await listenerLine()) as StatusStats;
  const playingAtEnd = (await control.next("deck_status")).data.decks.filter((d) => d.playing).length;
  const rssMb = residentMb(server.pid);

  server.kill("SIGTERM");
  const { underruns } = JSON.parse(await nextLine()) as { underruns: number };
  control.close();

  const own = statusStats([arrivals]);
  const rates = [...own.rates, ...others.rates];
  const gaps = [...own.gaps, ...others.gaps].sort((a, b) => a - b);
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
  console.log(table(["metric", "value", "target", "latency goal", "ratio to baseline"], [
    [
      "cmd → cmd_ack p50",
      `${fmt(rtt50, 3)} ms`,
      "",
      `< ${LATENCY_GOAL_MS} ms`,
      fmt(rtt50 / LATENCY_GOAL_MS, 3),
    ],
    [
      "cmd → cmd_ack p99",
      `${fmt(p99Rtt, 3)} ms`,
      `≤ 1 ms ${check(p99Rtt <= 1)}`,
      `< ${LATENCY_GOAL_MS} ms`,
      fmt(p99Rtt / LATENCY_GOAL_MS, 3),
    ],
    ["cmd → cmd_ack max", `${fmt(roundTrips.at(-1)!, 3)} ms`, "", "", ""],
    [
      "floor: cmd → cmd_ack p50 / p99, 1 client, nothing playing",
      `${fmt(percentile(floor, 50), 3)} / ${fmt(percentile(floor, 99), 3)} ms`,
      "",
      "",
      "",
    ],
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

if (process.argv[2] === "--listeners") {
  const [port, count, seconds] = process.argv.slice(3).map(Number);
  await runListeners(port, count, seconds);
} else {
  try {
    await main();
  } finally {
    for (const child of children.reverse()) child.kill("SIGTERM");
    await Promise.all(children.map((c) => c.exited));
    stopJack();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}
