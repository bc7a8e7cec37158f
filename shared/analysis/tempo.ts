/**
 * @module
 * Tempo and beat phase from an onset envelope. A coarse tempo comes from the envelope's autocorrelation,
 * scored at each candidate beat period and its multiples (bars repeat beats, so the true period scores on
 * every multiple), searching only the DJ range so an octave error cannot win. It is then refined on the
 * envelope's Fourier component at the beat frequency over the whole track, whose peak narrows as the
 * track gets longer; the phase of that component is where the beats fall.
 *
 * @example
 * ```ts
 * const tempo = estimateTempo(onsetEnvelope(signal, rate));
 * if (tempo) console.log(tempo.bpm, tempo.confidence, tempo.firstBeatSeconds);
 * ```
 */
import type { OnsetEnvelope } from "./onset_envelope.ts";

/** The tempo range a DJ library uses: every estimate is folded into [min, max). */
export const DJ_BPM_RANGE = { min: 88, max: 176 } as const;

export interface TempoEstimate {
  bpm: number;
  /** 0..1: how clearly the winning period stands out from the best rival outside its ±4 %. */
  confidence: number;
  /** Time of the first beat of the grid, in [0, 60 / bpm) seconds from the start of the track. */
  firstBeatSeconds: number;
}

/** Folds a tempo into the DJ range by octaves. */
export function foldBpm(bpm: number, range: { min: number; max: number } = DJ_BPM_RANGE): number {
  let folded = bpm;
  while (folded < range.min) folded *= 2;
  while (folded >= range.max) folded /= 2;
  return folded;
}

function autocorrelation(values: Float32Array, maxLag: number): Float64Array {
  const acf = new Float64Array(maxLag + 1);
  const n = values.length;
  for (let lag = 0; lag <= maxLag && lag < n; lag++) {
    let sum = 0;
    for (let i = lag; i < n; i++) sum += values[i] * values[i - lag];
    acf[lag] = sum / (n - lag);
  }
  return acf;
}

function interpolated(values: Float64Array, at: number): number {
  const i = Math.floor(at);
  if (i + 1 >= values.length) return 0;
  const t = at - i;
  return values[i] * (1 - t) + values[i + 1] * t;
}

/** Score of a beat period (in envelope frames): the autocorrelation at the period and its multiples. */
const MULTIPLE_WEIGHTS = [1, 0.5, 0.3, 0.6, 0.25, 0.25, 0.2, 0.4];

/**
 * Weight of the half period (eighth notes): it separates a tempo from the one 3:2 away, whose multiples
 * also meet every second bar but whose half period falls between the notes. Double the tempo lies
 * outside the DJ range, so this cannot pull a tempo up an octave.
 */
const HALF_WEIGHT = 0.5;

function periodScore(acf: Float64Array, period: number): number {
  // The best value near the lag, so a beat a frame early or late still counts.
  const near = (lag: number) => {
    const spread = Math.max(1, lag * 0.01);
    return Math.max(interpolated(acf, lag - spread), interpolated(acf, lag), interpolated(acf, lag + spread));
  };
  let score = HALF_WEIGHT * near(period / 2);
  for (let m = 0; m < MULTIPLE_WEIGHTS.length; m++) {
    const lag = period * (m + 1);
    if (lag >= acf.length - 1) break;
    score += MULTIPLE_WEIGHTS[m] * near(lag);
  }
  return score;
}

/** The envelope's Fourier coefficient at one beat period (in frames): its magnitude and phase. */
function beatComponent(values: Float32Array, period: number): { re: number; im: number } {
  const step = (-2 * Math.PI) / period;
  const cosStep = Math.cos(step);
  const sinStep = Math.sin(step);
  let c = 1;
  let s = 0;
  let re = 0;
  let im = 0;
  for (let i = 0; i < values.length; i++) {
    re += values[i] * c;
    im += values[i] * s;
    const next = c * cosStep - s * sinStep;
    s = c * sinStep + s * cosStep;
    c = next;
    // Renormalising now and then keeps the rotation from drifting over millions of steps.
    if ((i & 1023) === 1023) {
      const norm = Math.sqrt(c * c + s * s);
      c /= norm;
      s /= norm;
    }
  }
  return { re, im };
}

function componentStrength(values: Float32Array, period: number): number {
  let strength = 0;
  for (let harmonic = 1; harmonic <= 2; harmonic++) {
    const { re, im } = beatComponent(values, period / harmonic);
    strength += Math.sqrt(re * re + im * im) / harmonic;
  }
  return strength;
}

const COARSE_STEP_BPM = 0.25;
const FINE_SPAN = 0.02;
const FINE_STEPS = 80;

/** Tempo, confidence and first beat, or null when the envelope has no rhythm to speak of. */
export function estimateTempo(envelope: OnsetEnvelope): TempoEstimate | null {
  const { values, frameRate } = envelope;
  const secondsLong = values.length / frameRate;
  if (secondsLong < 2) return null;
  const toPeriod = (bpm: number) => (60 * frameRate) / bpm;
  const acf = autocorrelation(values, Math.ceil(toPeriod(DJ_BPM_RANGE.min) * MULTIPLE_WEIGHTS.length) + 2);
  if (!(acf[0] > 1e-9)) return null;

  const candidates: { bpm: number; score: number }[] = [];
  for (let bpm = DJ_BPM_RANGE.min; bpm < DJ_BPM_RANGE.max; bpm += COARSE_STEP_BPM) {
    candidates.push({ bpm, score: periodScore(acf, toPeriod(bpm)) });
  }
  const best = candidates.reduce((a, b) => (b.score > a.score ? b : a));
  if (!(best.score > 0)) return null;
  const rival = candidates
    .filter((c) => Math.abs(c.bpm / best.bpm - 1) > 0.04)
    .reduce((a, b) => (b.score > a.score ? b : a), { bpm: 0, score: 0 });

  let fineBpm = best.bpm;
  let fineStrength = -1;
  for (let i = -FINE_STEPS; i <= FINE_STEPS; i++) {
    const bpm = best.bpm * (1 + (FINE_SPAN * i) / FINE_STEPS);
    const strength = componentStrength(values, toPeriod(bpm));
    if (strength > fineStrength) [fineBpm, fineStrength] = [bpm, strength];
  }
  const bpm = foldBpm(fineBpm);
  const period = toPeriod(bpm);
  const { re, im } = beatComponent(values, period);
  const phaseFrames = ((-Math.atan2(im, re) / (2 * Math.PI)) * period + period) % period;
  const beatSeconds = 60 / bpm;
  const firstBeat = ((envelope.startSeconds + phaseFrames / frameRate) % beatSeconds + beatSeconds) %
    beatSeconds;
  return {
    bpm,
    confidence: Math.max(0, Math.min(1, 1 - rival.score / best.score)),
    firstBeatSeconds: firstBeat,
  };
}
