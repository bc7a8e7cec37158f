/**
 * @module
 * Analysis accuracy and speed against baselines run in the same benchmark. The labelled set is built
 * here: synthesised tracks with an exact tempo and key (shared/analysis/testing/synth.ts) written as WAV,
 * AIFF, MP3 and FLAC, plus the CC0 drum loops of Debian's `sonic-pi-samples` (tempo only; each loop is
 * repeated to 30 s, its tempo follows from its exact length). Baselines: essentia.js
 * `RhythmExtractor2013` (multifeature) with `KeyExtractor` (profiles `edma` and `bgate`), and
 * `aubio tempo` (Debian `aubio-tools`); both are optional and reported as missing when absent.
 * essentia.js is AGPL: it is a devDependency imported only here, never by the product.
 *
 * Reports tempo Accuracy1 (within 4 %) and Accuracy2 (also ×2, ×3, ×½, ×⅓), the MIREX weighted key score,
 * and seconds of CPU per minute of audio (one core). Baseline tempos are shown raw and folded into the same
 * DJ range as ours. Ours is timed on the whole analysis (decode, tags, waveform, loudness, tempo, key);
 * essentia on its two extractors alone, given decoded mono audio.
 *
 * Usage: npm run bench -- analysis   (ANALYSIS_BENCH_SECONDS=16 sets the length of the synthesised tracks)
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { analyzeTrack, foldBpm, mirexKeyScore, type MusicalKey } from "../analysis/mod.ts";
import { hasTool, writeTrack } from "../analysis/testing/files.ts";
import { type DrumStyle, synthTrack } from "../analysis/testing/synth.ts";
import { encodeWav } from "../audio/testing/fixtures.ts";
import { openTrackDecoder } from "../audio/track_decoder.ts";
import { fmt, table } from "./table.ts";

interface Item {
  name: string;
  path: string;
  bpm: number;
  key: MusicalKey | null;
  seconds: number;
}

const dir = mkdtempSync(join(tmpdir(), "analysis-bench-"));
const seconds = Number(process.env.ANALYSIS_BENCH_SECONDS ?? 16);
const styles: DrumStyle[] = ["four-on-the-floor", "breakbeat", "half-time"];
const synthCases = [
  [124, 9, "minor"],
  [128, 0, "major"],
  [90, 2, "minor"],
  [174, 7, "major"],
  [140, 4, "minor"],
  [100, 10, "major"],
  [118, 1, "minor"],
  [150, 5, "major"],
  [135, 6, "minor"],
  [95, 8, "major"],
  [160, 11, "minor"],
  [110, 3, "major"],
  [122.5, 9, "major"],
  [126, 4, "minor"],
  [172, 2, "major"],
  [89.5, 7, "minor"],
  [144, 0, "minor"],
  [131, 11, "major"],
] as const;

const items: Item[] = [];
const formats = (["wav", "aiff", "mp3", "flac"] as const).filter((f) =>
  f === "mp3" ? hasTool("lame") : f === "flac" ? hasTool("flac") : true
);
synthCases.forEach(([bpm, tonic, mode], i) => {
  const key = { tonic, mode } as MusicalKey;
  // Every other track is the hard kind: a progression sharing its notes with the relative key, tuning
  // off 440 Hz, loose timing, a noise floor and a breakdown without drums.
  const hard = i % 2 === 1
    ? {
      progression: "pop" as const,
      tuningCents: ((i * 37) % 80) - 40,
      jitterMs: 12,
      noise: 0.08,
      breakdownBars: 2,
    }
    : {};
  const track = synthTrack({
    bpm,
    key,
    seconds,
    leadIn: 0.1 + (i % 5) * 0.23,
    style: styles[i % 3],
    seed: i + 1,
    ...hard,
  });
  for (const format of formats) {
    items.push({
      name: `synth-${i}`,
      path: writeTrack(track, join(dir, `synth-${i}-${format}`), format),
      bpm,
      key,
      seconds,
    });
  }
});

/** Loops whose tempo follows from their length (beats per loop at the labelled tempo). */
const LOOPS: Record<string, number> = {
  loop_amen_full: 140,
  loop_breakbeat: 126,
  loop_compus: 148,
  loop_garzul: 120,
  loop_mika: 120,
};
const loopDir = "/usr/share/sonic-pi/samples";

async function decodeMono(path: string): Promise<{ mono: Float32Array; sampleRate: number }> {
  const decoder = await openTrackDecoder(path);
  const parts: Float32Array[] = [];
  for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) {
    const mono = new Float32Array(chunk.frames);
    for (const channel of chunk.channelData) {
      for (let i = 0; i < chunk.frames; i++) mono[i] += channel[i] / chunk.channelData.length;
    }
    parts.push(mono);
  }
  decoder.close();
  const mono = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) mono.set(part, at), at += part.length;
  return { mono, sampleRate: decoder.sampleRate };
}

const loopNotes: string[] = [];
for (const [name, bpm] of Object.entries(LOOPS)) {
  const source = join(loopDir, `${name}.flac`);
  if (!existsSync(source)) continue;
  const { mono, sampleRate } = await decodeMono(source);
  const beats = (mono.length / sampleRate) * (bpm / 60);
  loopNotes.push(`${name} ${fmt(mono.length / sampleRate, 3)} s = ${fmt(beats, 2)} beats at ${bpm}`);
  const repeats = Math.ceil((30 * sampleRate) / mono.length);
  const looped = new Int16Array(mono.length * repeats);
  for (let r = 0; r < repeats; r++) {
    for (let i = 0; i < mono.length; i++) {
      looped[r * mono.length + i] = Math.round(Math.max(-1, Math.min(1, mono[i])) * 32767);
    }
  }
  const path = join(dir, `${name}.wav`);
  writeFileSync(path, encodeWav({ sampleRate, channels: [looped], bits: 16 }));
  items.push({ name, path, bpm, key: null, seconds: looped.length / sampleRate });
}

interface Estimate {
  bpm: number | null;
  key: MusicalKey | null;
  cpuSeconds: number;
}

function cpu(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

async function ours(item: Item): Promise<Estimate> {
  const started = cpu();
  const analysis = await analyzeTrack(item.path);
  return { bpm: analysis.bpm, key: analysis.key, cpuSeconds: cpu() - started };
}

// deno-lint-ignore no-explicit-any
let essentia: any = null;
try {
  // Its ES module build needs CommonJS's __dirname, so it is loaded through require.
  const { Essentia, EssentiaWASM } = createRequire(import.meta.url)("essentia.js");
  essentia = new Essentia(EssentiaWASM);
} catch (error) {
  console.log(`essentia.js not available (${(error as Error).message}); its rows are left out`);
}

const PITCHES: Record<string, number> = {
  C: 0,
  "C#": 1,
  Db: 1,
  D: 2,
  "D#": 3,
  Eb: 3,
  E: 4,
  F: 5,
  "F#": 6,
  Gb: 6,
  G: 7,
  "G#": 8,
  Ab: 8,
  A: 9,
  "A#": 10,
  Bb: 10,
  B: 11,
};

async function essentiaEstimates(item: Item): Promise<Record<string, Estimate>> {
  const { mono, sampleRate } = await decodeMono(item.path);
  const started = cpu();
  const vector = essentia.arrayToVector(mono);
  const rhythm = essentia.RhythmExtractor2013(vector, 208, "multifeature", 40);
  const rhythmSeconds = cpu() - started;
  const out: Record<string, Estimate> = {};
  for (const profile of ["edma", "bgate"]) {
    const keyStarted = cpu();
    const key = essentia.KeyExtractor(
      vector,
      true,
      4096,
      4096,
      12,
      3500,
      60,
      25,
      0.2,
      profile,
      sampleRate,
      0.0001,
      440,
      "cosine",
      "hann",
    );
    out[profile] = {
      bpm: rhythm.bpm,
      key: key.key in PITCHES
        ? { tonic: PITCHES[key.key], mode: key.scale === "minor" ? "minor" : "major" }
        : null,
      cpuSeconds: rhythmSeconds + cpu() - keyStarted,
    };
  }
  vector.delete?.();
  return out;
}

/** Runs `aubio tempo` under bash, whose `times` reports the child's CPU time (user and system). */
function aubio(item: Item): Estimate {
  const output = execFileSync("bash", ["-c", 'aubio tempo "$0" 2>/dev/null; times', item.path], {
    encoding: "utf8",
  });
  const bpm = Number(/([\d.]+) bpm/.exec(output)?.[1] ?? NaN);
  const childTimes = output.trim().split("\n").at(-1)!.match(/(\d+)m([\d.]+)s/g) ?? [];
  const cpuSeconds = childTimes.reduce((sum, part) => {
    const [, minutes, secs] = /(\d+)m([\d.]+)s/.exec(part)!;
    return sum + Number(minutes) * 60 + Number(secs);
  }, 0);
  return { bpm: Number.isFinite(bpm) ? bpm : null, key: null, cpuSeconds };
}

const results: Record<string, Estimate[]> = { ours: [] };
const withAubio = hasTool("aubio") || existsSync("/usr/bin/aubio");
await ours(items[0]); // compiles the decoders and JITs the DSP before timing starts
for (const item of items) {
  results.ours.push(await ours(item));
  if (essentia) {
    const estimates = await essentiaEstimates(item);
    for (const [profile, estimate] of Object.entries(estimates)) {
      (results[`essentia.js (${profile})`] ??= []).push(estimate);
    }
  }
  if (withAubio) (results["aubio tempo"] ??= []).push(aubio(item));
}

const within = (estimate: number, truth: number) => Math.abs(estimate / truth - 1) <= 0.04;
const accuracy1 = (bpm: number | null, truth: number) => bpm !== null && within(bpm, truth);
const accuracy2 = (bpm: number | null, truth: number) =>
  bpm !== null && [1, 2, 3, 0.5, 1 / 3].some((factor) => within(bpm * factor, truth));

const audioMinutes = items.reduce((n, item) => n + item.seconds, 0) / 60;
const keyed = items.filter((item) => item.key);
const rows: (string | number)[][] = [];
const oursSpeed = results.ours.reduce((n, e) => n + e.cpuSeconds, 0) / audioMinutes;
for (const [name, estimates] of Object.entries(results)) {
  const variants = name === "ours"
    ? [["", (b: number | null) => b]] as const
    : [[" raw", (b: number | null) => b], [
      " folded",
      (b: number | null) => (b === null ? null : foldBpm(b)),
    ]] as const;
  for (const [suffix, fold] of variants) {
    const acc1 = items.filter((item, i) => accuracy1(fold(estimates[i].bpm), item.bpm)).length / items.length;
    const acc2 = items.filter((item, i) => accuracy2(fold(estimates[i].bpm), item.bpm)).length / items.length;
    const keyScore = name === "aubio tempo" ? "–" : fmt(
      keyed.reduce((n, item) => {
        const estimate = estimates[items.indexOf(item)].key;
        return n + (estimate ? mirexKeyScore(item.key!, estimate) : 0);
      }, 0) / keyed.length,
      3,
    );
    const speed = estimates.reduce((n, e) => n + e.cpuSeconds, 0) / audioMinutes;
    rows.push([
      `${name}${suffix}`,
      fmt(acc1, 3),
      fmt(acc2, 3),
      keyScore,
      fmt(speed, 3),
      name === "ours" ? "1.00" : fmt(speed / oursSpeed, 2),
    ]);
  }
}

console.log(
  `${items.length} files (${keyed.length} synthesised in ${formats.join("/")}, ${
    items.length - keyed.length
  } sonic-pi loops), ${fmt(audioMinutes, 1)} min of audio`,
);
if (loopNotes.length) console.log(`loops: ${loopNotes.join("; ")}`);
else console.log("sonic-pi-samples not installed: the loop set is left out");
console.log("");
console.log(
  table(["estimator", "BPM Acc1", "BPM Acc2", "key MIREX", "s CPU / min audio", "time vs ours"], rows),
);
const misses = items.map((item, i) => ({ item, estimate: results.ours[i] })).filter(({ item, estimate }) =>
  !accuracy1(estimate.bpm, item.bpm) ||
  (item.key && estimate.key && mirexKeyScore(item.key, estimate.key) < 1)
);
if (misses.length) {
  console.log(
    `\nours, misses: ${
      misses.map(({ item, estimate }) =>
        `${item.path.split("/").pop()} ${item.bpm}→${estimate.bpm} ${
          estimate.key ? `${estimate.key.tonic}${estimate.key.mode[0]}` : "-"
        }`
      ).join("; ")
    }`,
  );
}
rmSync(dir, { recursive: true, force: true });
