/**
 * What telemetry costs on the engine's status path. The real engine (ALSA `null` output, clock-paced)
 * plays two decks while a crossfader sweep keeps the recorder busy with blends and transitions.
 * Measured in the same run, alternating so machine noise hits both alike:
 * 1. one status tick as the engine API does it (status → deck_status JSON) without and with the
 *    recorder observing the snapshot: µs per tick and the share of the 33.3 ms tick budget;
 * 2. the 30 Hz ticker running for real without and with recording: achieved rate and tick jitter;
 * 3. events recorded per second into the outbox (schema check + bun:sqlite insert), and sealing
 *    (gzip batches) per second.
 *
 * The store checkpoints its WAL from a Worker, as under `run` (controller/store/background_checkpoints.ts).
 *
 * Usage: npm run bench -- telemetry   (BENCH_SECONDS=4 per ticker phase by default)
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";
import { fmt, percentile, table } from "../../shared/bench/table.ts";
import type { TelemetryEvent } from "../../shared/telemetry/mod.ts";
import { startDeckStatusTicker } from "../api/deck_status_ticker.ts";
import { deckStatusEvent, encodeEvent } from "../api/events.ts";
import { ControllerConfigSchema } from "../config/schema.ts";
import { createEngine, createMemoryMixerTree } from "../engine/mod.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { startBackgroundCheckpoints } from "../store/background_checkpoints.ts";
import { ControllerStore } from "../store/store.ts";
import { TelemetryOutbox } from "../telemetry/outbox.ts";
import { startTelemetry } from "../telemetry/telemetry_service.ts";

interface TickerRun {
  hz: number;
  p50: number;
  p99: number;
  max: number;
  /** Time spent inside the tick itself (status, JSON, recording). */
  workP99: number;
  workMax: number;
}

const PHASE_SECONDS = Number(process.env.BENCH_SECONDS ?? 4);
const TICKS_PER_ROUND = 5_000;
const ROUNDS = 4;
const TICK_BUDGET_MS = 1000 / 30;

const dir = mkdtempSync(join(tmpdir(), "mixera-telemetry-bench-"));
const { logger } = createMemoryLogger({ level: "error" });
const tree = createMemoryMixerTree({
  "/devices/0/inputs/0/CrossfaderAssign": "A",
  "/devices/0/inputs/1/CrossfaderAssign": "B",
});
const engine = await createEngine({ tree, logger, alsaDevice: "null", raisePriority: false });
const store = new ControllerStore(dir);
// As under `run`: WAL checkpoints in their Worker, off the main thread.
const checkpoints = await startBackgroundCheckpoints(store, logger);

function writeTrack(name: string, hz: number): string {
  const samples = new Int16Array(44100 * 120).map((_, i) =>
    Math.round(Math.sin((2 * Math.PI * hz * i) / 44100) * 9000)
  );
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, encodeWav({ sampleRate: 44100, channels: [samples, samples], bits: 16 }));
  return path;
}

try {
  await engine.load(0, writeTrack("a", 220));
  await engine.load(1, writeTrack("b", 330));
  engine.play(0);
  engine.play(1);
  const settings = ControllerConfigSchema.parse({ dataDir: dir }).telemetry;
  const telemetry = startTelemetry({
    settings,
    db: store.db,
    tree,
    engine,
    logger,
    serial: "MXR-20250701-000123",
    timer: false,
  });
  // The crossfader sweeps side to side every 300 ticks: a blend and a transition each way.
  let sweep = 0;
  const moveCrossfader = () => {
    if (++sweep % 150 === 0) tree.setValue("/devices/0/Crossfader", (sweep / 150) % 2 === 0 ? -1 : 0);
    if (sweep % 150 === 75) tree.setValue("/devices/0/Crossfader", (sweep / 150) % 2 < 1 ? 1 : 0);
  };
  const baselineTick = (tsMs: number) => encodeEvent(deckStatusEvent(engine.status(), tsMs)).length;
  const recordedTick = (tsMs: number) => {
    const decks = engine.status();
    const length = encodeEvent(deckStatusEvent(decks, tsMs)).length;
    telemetry.observeDecks(decks, tsMs);
    return length;
  };

  // 1. One tick, in a tight loop.
  const perTick = { baseline: [] as number[], telemetry: [] as number[] };
  let clock = Date.now();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, tick] of [["baseline", baselineTick], ["telemetry", recordedTick]] as const) {
      const started = performance.now();
      for (let n = 0; n < TICKS_PER_ROUND; n++) {
        moveCrossfader();
        tick(clock += 33);
      }
      perTick[name].push(((performance.now() - started) * 1000) / TICKS_PER_ROUND);
    }
  }
  const recordedEvents = telemetry.outbox.stats().pendingEvents;
  const median = (values: number[]) => values.toSorted((a, b) => a - b)[Math.floor(values.length / 2)];
  const baseUs = median(perTick.baseline);
  const teleUs = median(perTick.telemetry);
  console.log(
    `### One status tick (median of ${ROUNDS} rounds × ${TICKS_PER_ROUND} ticks, 2 decks playing)\n`,
  );
  console.log(table(["path", "µs per tick", "share of the 33.3 ms tick", "ratio"], [
    [
      "status → deck_status JSON (baseline)",
      fmt(baseUs),
      `${fmt((baseUs / 1000 / TICK_BUDGET_MS) * 100, 3)} %`,
      "1.00",
    ],
    [
      "… + telemetry recorder",
      fmt(teleUs),
      `${fmt((teleUs / 1000 / TICK_BUDGET_MS) * 100, 3)} %`,
      fmt(teleUs / baseUs),
    ],
  ]));
  console.log(`\nEvents the recorder wrote meanwhile (blends, transitions, plays): ${recordedEvents}\n`);

  // 2. The real 30 Hz ticker.
  const runTicker = (tick: (tsMs: number) => number) =>
    new Promise<TickerRun>((resolve) => {
      const arrivals: number[] = [];
      const work: number[] = [];
      const ticker = startDeckStatusTicker((tsMs) => {
        const started = performance.now();
        moveCrossfader();
        tick(tsMs);
        arrivals.push(performance.now());
        work.push(arrivals.at(-1)! - started);
      });
      setTimeout(() => {
        ticker.stop();
        const gaps = arrivals.slice(1).map((t, i) => t - arrivals[i]).sort((a, b) => a - b);
        work.sort((a, b) => a - b);
        resolve({
          hz: (arrivals.length - 1) / ((arrivals.at(-1)! - arrivals[0]) / 1000),
          p50: percentile(gaps, 50),
          p99: percentile(gaps, 99),
          max: gaps.at(-1)!,
          workP99: percentile(work, 99),
          workMax: work.at(-1)!,
        });
      }, PHASE_SECONDS * 1000);
    });
  const ticker: Record<string, TickerRun[]> = {
    baseline: [],
    telemetry: [],
  };
  for (let round = 0; round < 2; round++) {
    ticker.baseline.push(await runTicker(baselineTick));
    ticker.telemetry.push(await runTicker(recordedTick));
  }
  const worst = (runs: TickerRun[]): TickerRun => ({
    hz: Math.min(...runs.map((r) => r.hz)),
    p50: Math.max(...runs.map((r) => r.p50)),
    p99: Math.max(...runs.map((r) => r.p99)),
    max: Math.max(...runs.map((r) => r.max)),
    workP99: Math.max(...runs.map((r) => r.workP99)),
    workMax: Math.max(...runs.map((r) => r.workMax)),
  });
  const [b, t] = [worst(ticker.baseline), worst(ticker.telemetry)];
  console.log(`### The 30 Hz status ticker (2 × ${PHASE_SECONDS} s each, worst run shown)\n`);
  console.log(
    table([
      "ticker",
      "rate Hz",
      "gap p50 ms",
      "gap p99 ms",
      "gap max ms",
      "tick work p99 ms",
      "tick work max ms",
    ], [
      ["baseline", fmt(b.hz), fmt(b.p50), fmt(b.p99), fmt(b.max), fmt(b.workP99, 3), fmt(b.workMax, 3)],
      ["with telemetry", fmt(t.hz), fmt(t.p50), fmt(t.p99), fmt(t.max), fmt(t.workP99, 3), fmt(t.workMax, 3)],
    ]),
  );
  console.log(`\ngap p99 ratio ${fmt(t.p99 / b.p99)}, tick work p99 ratio ${fmt(t.workP99 / b.workP99)}`);

  // 3. Recording and sealing throughput.
  const outbox = new TelemetryOutbox(store.db);
  const play: TelemetryEvent = {
    kind: "track_play",
    ts: new Date().toISOString(),
    sessionId: crypto.randomUUID(),
    playId: crypto.randomUUID(),
    deck: 1,
    startedAt: new Date(Date.now() - 300_000).toISOString(),
    endedAt: new Date().toISOString(),
    playedSec: 290.5,
    bpm: 126,
    key: "9A",
    genre: "Tech House",
    cloudTrackId: null,
    title: "Sunrise",
    artist: "Other Artist",
    durationSec: 300,
  };
  const fader: TelemetryEvent = { kind: "fader_move", ts: new Date().toISOString(), chan: 3, pos: 0.734 };
  const rows: (string | number)[][] = [];
  for (const [name, event] of [["track_play", play], ["fader_move", fader]] as const) {
    const count = 20_000;
    const started = performance.now();
    for (let n = 0; n < count; n++) outbox.record(event);
    const recordSeconds = (performance.now() - started) / 1000;
    const sealStarted = performance.now();
    outbox.seal("MXR-20250701-000123");
    const sealSeconds = (performance.now() - sealStarted) / 1000;
    rows.push([name, Math.round(count / recordSeconds), Math.round(count / sealSeconds)]);
  }
  console.log("\n### Outbox throughput (bun:sqlite WAL, synchronous=NORMAL)\n");
  console.log(table(["event", "recorded events/s", "sealed events/s (gzip)"], rows));
  await telemetry.close();
} finally {
  await engine.close();
  await checkpoints.stop();
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
