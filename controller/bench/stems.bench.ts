/**
 * Stem separation: quality (BSS-eval SDR per stem, dB) and speed of each tier on a multitrack the benchmark
 * renders itself — a synthetic sung voice (glottal pulses through moving formants, centred), drums (kick,
 * snare, hats), a bass line and a wide pad, each rendered alone and then mixed, so the true stems are exact.
 * Baseline for the quality: "every stem is a quarter of the mix"; for speed: the `simple` tier. Targets:
 * `enhanced` ≥ `simple` + 2 dB mean SDR; a 5-minute track in ≤ 30 s (`enhanced`) and ≤ 3 s (`simple`) on
 * one core (the separators are single-threaded). The `demucs` tier runs when MIXERA_DEMUCS_MODEL names an
 * HTDemucs ONNX export; none ships here. BENCH_SECONDS sets the track length (default 300).
 */
import { existsSync } from "node:fs";
import { fmt, table } from "../../shared/bench/table.ts";
import { separateDemucs } from "../engine/stems/demucs_separator.ts";
import { separateEnhanced } from "../engine/stems/enhanced_separator.ts";
import { loadOnnxRuntime } from "../engine/stems/onnx_runtime.ts";
import { separateSimple } from "../engine/stems/simple_separator.ts";
import { STEM_NAMES, type Stems, type StereoMix } from "../engine/stems/stem_set.ts";
import {
  mixOf,
  renderBass,
  renderDrums,
  renderPad,
  renderVoice,
  sdr,
  sumErrorDb,
} from "../engine/stems/testing/signals.ts";

const RATE = 44100;
const seconds = Number(process.env.BENCH_SECONDS ?? 300);
const frames = Math.round(seconds * RATE);
const truth = [
  renderVoice(frames, RATE),
  renderDrums(frames, RATE),
  renderBass(frames, RATE),
  renderPad(frames, RATE),
] as Stems;
const mix: StereoMix = { sampleRate: RATE, channels: mixOf(truth) };

interface Result {
  tier: string;
  seconds: number | null;
  stems: Stems;
}

/** Best of {@link RUNS} runs, each after a full GC: the machine is shared, and one slow run says little. */
const RUNS = 2;

async function timed(tier: string, run: () => Stems | Promise<Stems>): Promise<Result> {
  let best = Infinity;
  let stems: Stems | null = null;
  for (let n = 0; n < RUNS; n++) {
    Bun.gc(true);
    const started = performance.now();
    stems = await run();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return { tier, seconds: best, stems: stems! };
}

const quarter = mix.channels.map((channel) => channel.map((sample) => sample / 4));
const results: Result[] = [
  { tier: "baseline (mix / 4)", seconds: null, stems: STEM_NAMES.map(() => quarter) as Stems },
  await timed("simple", () => separateSimple(mix)),
  await timed("enhanced", () => separateEnhanced(mix)),
];
const model = process.env.MIXERA_DEMUCS_MODEL;
if (model && existsSync(model)) {
  const runtime = await loadOnnxRuntime();
  results.push(await timed("demucs", () => separateDemucs(mix, runtime, { modelPath: model })));
}

const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const rows = results.map(({ tier, stems }) => {
  const perStem = STEM_NAMES.map((_, s) => sdr(truth[s], stems[s]));
  return { tier, perStem, mean: mean(perStem), sum: sumErrorDb(mix.channels, stems) };
});
const simpleMean = rows[1].mean;
console.log(`Multitrack of ${seconds} s at ${RATE} Hz. SDR in dB (higher is better).\n`);
console.log(table(
  ["tier", ...STEM_NAMES, "mean", "vs simple", "stems − mix (dB)"],
  rows.map((r) => [
    r.tier,
    ...r.perStem.map((v) => fmt(v)),
    fmt(r.mean),
    `${r.mean - simpleMean >= 0 ? "+" : ""}${fmt(r.mean - simpleMean)}`,
    fmt(r.sum, 1),
  ]),
));
if (!results.some((r) => r.tier === "demucs")) {
  console.log("\ndemucs: not measured (set MIXERA_DEMUCS_MODEL to an HTDemucs ONNX export; none ships here)");
}

const simpleSeconds = results[1].seconds!;
const targets: Record<string, number> = { simple: 3, enhanced: 30 };
console.log(`\nSpeed on one core (best of ${RUNS} runs), scaled to a 5-minute track.\n`);
console.log(table(
  ["tier", "run (s)", "per 5 min (s)", "target (s)", "× simple"],
  results.filter((r) => r.seconds !== null).map((r) => {
    const perFive = (r.seconds! / seconds) * 300;
    return [
      r.tier,
      fmt(r.seconds!),
      fmt(perFive),
      targets[r.tier] === undefined ? "—" : String(targets[r.tier]),
      fmt(r.seconds! / simpleSeconds, 1),
    ];
  }),
));
