/**
 * Audio engine benchmark through the JACK dummy path (jackd -d dummy + the ALSA jack plugin), against the
 * issue's targets: 0 underruns over 60 s with four decks playing while a deck loads a 5-minute MP3;
 * load → playable ≤ 100 ms and load → last waveform chunk ≤ 1.5 s for a 5-minute 320 kbps MP3; resident
 * memory with four 10-minute tracks loaded < 600 MB.
 * Run: npm run bench -- engine_audio   (BENCH_SECONDS=10 for a short run)
 *
 * The parent starts a private jackd and re-runs this file as a child with JACK_DEFAULT_SERVER set (libjack
 * reads the server name from the process environment only).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../shared/audio/testing/fixtures.ts";
import { createEngine, createMemoryMixerTree, type DeckId, type EngineEvent } from "../engine/mod.ts";
import { quietLogger, startJackDummy } from "../engine/testing/support.ts";

interface MemoryResults {
  rssMb: number;
  /** Shared memory counted in rssMb (JACK's, mapped by libjack). */
  shmemMb: number;
}

interface RunResults {
  seconds: number;
  underruns: number;
  loadsDuringRun: number;
  playableMs: number[];
  lastChunkMs: number[];
  /** After the whole run, reloads included. */
  rssMb: number;
}

const FIXTURES = join(tmpdir(), "mixera-engine-bench");

/** A music-like test file: `minutes` of the fixture signal, encoded by lame at 320 kbps when asked. */
function fixture(name: string, minutes: number, mp3: boolean): string {
  const wav = join(FIXTURES, `${name}.wav`);
  const target = mp3 ? join(FIXTURES, `${name}.mp3`) : wav;
  if (existsSync(target)) return target;
  execFileSync("mkdir", ["-p", FIXTURES]);
  const frames = Math.round(minutes * 60 * 44100);
  writeFileSync(
    wav,
    encodeWav({ sampleRate: 44100, channels: [testSignal16(frames, 1), testSignal16(frames, 2)], bits: 16 }),
  );
  if (mp3) {
    execFileSync("lame", ["--silent", "-b", "320", "--tt", name, wav, target]);
    unlinkSync(wav);
  }
  return target;
}

async function timedLoad(engine: Awaited<ReturnType<typeof createEngine>>, deck: DeckId, path: string) {
  const started = performance.now();
  let lastChunkMs = 0;
  const done = new Promise<void>((resolve) => {
    const off = engine.onEvent((event: EngineEvent) => {
      if (event.event === "waveform_chunk" && event.data.deck_id === deck) {
        if (event.data.chunk_index === event.data.total_chunks - 1) lastChunkMs = performance.now() - started;
      }
      if (event.event === "track_loaded" && event.data.deck_id === deck) {
        off();
        resolve();
      }
    });
  });
  await engine.load(deck, path);
  const playableMs = performance.now() - started;
  await done;
  return { playableMs, lastChunkMs };
}

/** Phase 1: four decks play for BENCH_SECONDS while deck 3 keeps reloading the 5-minute MP3. */
async function runPhase(): Promise<RunResults> {
  const seconds = Number(process.env.BENCH_SECONDS ?? 60);
  const fiveMinuteMp3 = fixture("five-minutes", 5, true);
  const engine = await createEngine({
    tree: createMemoryMixerTree(),
    logger: quietLogger().logger,
    alsaDevice: "plug:jack",
  });
  const results: RunResults = {
    seconds,
    underruns: 0,
    loadsDuringRun: 0,
    playableMs: [],
    lastChunkMs: [],
    rssMb: 0,
  };
  try {
    for (const deck of [0, 1, 2, 3] as const) await timedLoad(engine, deck, fiveMinuteMp3);
    for (const deck of [0, 1, 2, 3] as const) engine.play(deck);
    await Bun.sleep(500);
    const underrunsAtStart = engine.underruns();
    const endAt = performance.now() + seconds * 1000;
    while (performance.now() < endAt) {
      // Deck 3 reloads the 5-minute MP3 while decks 0–2 keep playing, then plays again.
      const timing = await timedLoad(engine, 3, fiveMinuteMp3);
      engine.play(3);
      results.playableMs.push(timing.playableMs);
      results.lastChunkMs.push(timing.lastChunkMs);
      results.loadsDuringRun++;
      await Bun.sleep(Math.max(0, Math.min(8000, endAt - performance.now())));
    }
    results.underruns = engine.underruns() - underrunsAtStart;
    Bun.gc(true);
    results.rssMb = process.memoryUsage().rss / 1024 ** 2;
  } finally {
    await engine.close();
  }
  return results;
}

/** Phase 2, in a fresh process: resident memory with four 10-minute MP3s loaded. */
async function memoryPhase(): Promise<MemoryResults> {
  const tenMinuteMp3 = fixture("ten-minutes", 10, true);
  const engine = await createEngine({
    tree: createMemoryMixerTree(),
    logger: quietLogger().logger,
    alsaDevice: "plug:jack",
  });
  try {
    for (const deck of [0, 1, 2, 3] as const) await timedLoad(engine, deck, tenMinuteMp3);
    // Let the allocator hand freed decode buffers back to the system before reading the resident size.
    for (let i = 0; i < 3; i++) {
      Bun.gc(true);
      await Bun.sleep(1000);
    }
    // libjack maps the JACK server's shared memory into the process; report it apart from the engine's own.
    const status = readFileSync("/proc/self/status", "utf8");
    const shmemMb = Number(/RssShmem:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    return { rssMb: process.memoryUsage().rss / 1024 ** 2, shmemMb };
  } finally {
    await engine.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function runChild<T>(phase: string, jackName: string): T {
  const run = spawnSync(process.execPath, [import.meta.path], {
    env: {
      ...process.env,
      JACK_DEFAULT_SERVER: jackName,
      JACK_NO_START_SERVER: "1",
      ENGINE_BENCH_PHASE: phase,
    },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  if (!line.startsWith("{")) {
    throw new Error(`benchmark phase ${phase} failed (status ${run.status}): ${run.stdout}`);
  }
  return JSON.parse(line);
}

async function parent(): Promise<void> {
  const jack = await startJackDummy(44100, 256);
  try {
    const r = runChild<RunResults>("run", jack.name);
    const memory = runChild<MemoryResults>("memory", jack.name);
    const rows: [string, number, number | null][] = [
      [`underruns over ${r.seconds} s (4 decks playing, ${r.loadsDuringRun} MP3 loads)`, r.underruns, 0],
      ["load → playable, 5-min 320 kbps MP3, median (ms)", median(r.playableMs), 100],
      ["load → playable, worst (ms)", Math.max(...r.playableMs), 100],
      ["load → last waveform chunk, median (ms)", median(r.lastChunkMs), 1500],
      ["load → last waveform chunk, worst (ms)", Math.max(...r.lastChunkMs), 1500],
      ["resident memory, four 10-min MP3s loaded (MB)", memory.rssMb, 600],
      ["… of which JACK shared memory (MB)", memory.shmemMb, null],
      ["resident memory after the run, reloads included (MB)", r.rssMb, null],
    ];
    console.log("| metric | measured | target | measured / target |");
    console.log("|---|---:|---:|---:|");
    for (const [name, value, target] of rows) {
      const ratio = target === null
        ? "–"
        : target === 0
        ? (value === 0 ? "met" : "missed")
        : (value / target).toFixed(2);
      console.log(
        `| ${name} | ${value.toFixed(name.startsWith("underruns") ? 0 : 1)} | ${
          target ?? "report"
        } | ${ratio} |`,
      );
    }
  } finally {
    jack.stop();
  }
}

const phase = process.env.ENGINE_BENCH_PHASE;
if (phase === "run") console.log(JSON.stringify(await runPhase()));
else if (phase === "memory") console.log(JSON.stringify(await memoryPhase()));
else await parent();
