/**
 * @module
 * Renders dance tracks with an exactly known tempo, first beat and key, for tests and the accuracy
 * benchmark: drums on a grid (kick, snare/clap, hi-hats in one of three styles), a bass line on the chord
 * roots and sustained chords of a progression in the key, one chord per bar. Options make it harder:
 * progressions that share their notes with the relative key, off-440 tuning, loose timing, a noise floor
 * and a breakdown without drums. Deterministic: the same options give the same samples.
 */
import type { MusicalKey } from "../camelot.ts";

export type DrumStyle = "four-on-the-floor" | "breakbeat" | "half-time";

export interface SynthOptions {
  bpm: number;
  key: MusicalKey;
  seconds: number;
  sampleRate?: number;
  /** Silence before the first beat, in seconds. */
  leadIn?: number;
  style?: DrumStyle;
  seed?: number;
  /**
   * `cadence` (default) states the key plainly (I–IV–V–I, or i–iv–V–i with the leading tone); `pop` is
   * harder: I–V–vi–IV in major and the natural-minor i–VI–VII–i (no leading tone), which share their
   * notes with the relative key.
   */
  progression?: "cadence" | "pop";
  /** Tuning offset from A = 440 Hz, in cents. */
  tuningCents?: number;
  /** Random timing error of each drum hit, up to this many milliseconds either way. */
  jitterMs?: number;
  /** Level of a steady noise floor (0 = none). */
  noise?: number;
  /** Bars in the middle of the track where the drums stop (a breakdown); the harmony goes on. */
  breakdownBars?: number;
}

export interface SynthTrack {
  sampleRate: number;
  /** Left and right channels, −1..1. */
  channels: [Float32Array, Float32Array];
  /** Where the beats fall: the first beat's time and the beat length, in seconds. */
  firstBeatSeconds: number;
  beatSeconds: number;
}

/** Kick, snare and hat hits per beat position in a bar of 16 sixteenths. */
const PATTERNS: Record<DrumStyle, { kick: number[]; snare: number[]; hat: number[] }> = {
  "four-on-the-floor": { kick: [0, 4, 8, 12], snare: [4, 12], hat: [2, 6, 10, 14] },
  breakbeat: { kick: [0, 6, 10], snare: [4, 12], hat: [0, 2, 4, 6, 8, 10, 12, 14] },
  "half-time": { kick: [0, 10], snare: [8], hat: [0, 2, 4, 6, 8, 10, 12, 14] },
};

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function addKick(out: Float32Array, at: number, rate: number, gain: number): void {
  const length = Math.floor(0.25 * rate);
  let phase = 0;
  for (let i = 0; i < length && at + i < out.length; i++) {
    const t = i / rate;
    phase += (2 * Math.PI * (50 + 120 * Math.exp(-t * 40))) / rate;
    out[at + i] += gain * Math.sin(phase) * Math.exp(-t * 12);
  }
}

function addNoiseHit(
  out: Float32Array,
  at: number,
  rate: number,
  gain: number,
  decay: number,
  next: () => number,
) {
  const length = Math.floor((5 / decay) * rate);
  let previous = 0;
  for (let i = 0; i < length && at + i < out.length; i++) {
    const white = next() * 2 - 1;
    // A first difference tilts the noise towards the highs, like a hat or a clap.
    out[at + i] += gain * (white - previous) * 0.5 * Math.exp((-i / rate) * decay);
    previous = white;
  }
}

function addTone(out: Float32Array, from: number, to: number, rate: number, hertz: number, gain: number) {
  const attack = Math.floor(0.01 * rate);
  const release = Math.floor(0.05 * rate);
  for (let i = from; i < to && i < out.length; i++) {
    const t = (i - from) / rate;
    const envelope = Math.min(1, (i - from) / attack, (to - i) / release);
    let sample = 0;
    for (let harmonic = 1; harmonic <= 6; harmonic++) {
      sample += Math.sin(2 * Math.PI * hertz * harmonic * t) / (harmonic * harmonic);
    }
    out[i] += gain * envelope * sample;
  }
}

const midiHertz = (note: number, cents: number) => 440 * 2 ** ((note - 69 + cents / 100) / 12);

/** Chords of the progression as semitone offsets from the tonic (root first). */
function chordsOf(mode: MusicalKey["mode"], progression: "cadence" | "pop"): number[][] {
  if (progression === "pop") {
    return mode === "major"
      ? [[0, 4, 7], [7, 11, 14], [9, 12, 16], [5, 9, 12]]
      : [[0, 3, 7], [8, 12, 15], [10, 14, 17], [0, 3, 7]];
  }
  return mode === "major"
    ? [[0, 4, 7], [5, 9, 12], [7, 11, 14], [0, 4, 7]]
    : [[0, 3, 7], [5, 8, 12], [7, 11, 14], [0, 3, 7]];
}

export function synthTrack(options: SynthOptions): SynthTrack {
  const rate = options.sampleRate ?? 44100;
  const leadIn = options.leadIn ?? 0.5;
  const style = options.style ?? "four-on-the-floor";
  const next = random(options.seed ?? 1);
  const frames = Math.floor(options.seconds * rate);
  const drums = new Float32Array(frames);
  const music = new Float32Array(frames);
  const beat = 60 / options.bpm;
  const sixteenth = beat / 4;
  const pattern = PATTERNS[style];
  const bars = Math.ceil((options.seconds - leadIn) / (beat * 4));
  const chords = chordsOf(options.key.mode, options.progression ?? "cadence");
  const tonicNote = 48 + options.key.tonic;
  const cents = options.tuningCents ?? 0;
  const jitter = (options.jitterMs ?? 0) / 1000;
  const breakdown = options.breakdownBars ?? 0;
  const breakdownFrom = Math.floor((bars - breakdown) / 2);
  for (let bar = 0; bar < bars; bar++) {
    const barStart = leadIn + bar * beat * 4;
    const at = (step: number) => Math.round((barStart + step * sixteenth) * rate);
    const hit = (step: number) => Math.max(0, at(step) + Math.round((next() * 2 - 1) * jitter * rate));
    if (bar < breakdownFrom || bar >= breakdownFrom + breakdown) {
      for (const step of pattern.kick) addKick(drums, hit(step), rate, 0.8);
      for (const step of pattern.snare) addNoiseHit(drums, hit(step), rate, 0.35, 18, next);
      for (const step of pattern.hat) addNoiseHit(drums, hit(step), rate, 0.12, 60, next);
    }
    const chord = chords[bar % chords.length];
    const from = at(0);
    const to = at(16);
    for (const offset of chord) {
      addTone(music, from, to, rate, midiHertz(tonicNote + 12 + offset, cents), 0.07);
    }
    for (const step of [0, 6, 8, 14]) {
      addTone(music, at(step), at(step + 2), rate, midiHertz(tonicNote - 12 + chord[0], cents), 0.25);
    }
  }
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  const noise = options.noise ?? 0;
  for (let i = 0; i < frames; i++) {
    const floor = noise ? noise * (next() * 2 - 1) : 0;
    left[i] = Math.tanh(drums[i] + music[i] * 1.1 + floor);
    right[i] = Math.tanh(drums[i] + music[i] * 0.9 + floor);
  }
  return { sampleRate: rate, channels: [left, right], firstBeatSeconds: leadIn, beatSeconds: beat };
}
