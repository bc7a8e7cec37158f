/**
 * @module
 * Key detection: a pitch-class profile (chroma) of the whole track from spectral peaks between 55 Hz and
 * 1.76 kHz, correlated with a major and a minor key profile at all twelve rotations.
 *
 * @example
 * ```ts
 * const key = estimateKey(monoSignal, 11025);
 * if (key) console.log(key.tonic, key.mode, key.confidence);
 * ```
 */
import type { MusicalKey } from "./camelot.ts";
import { MagnitudeSpectrum } from "./fft.ts";

/** Krumhansl–Kessler probe-tone ratings (1982), from the tonic upwards in semitones. */
const MAJOR_PROFILE = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
const MINOR_PROFILE = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

const FRAME = 4096;
const HOP = 2048;
const LOW_HERTZ = 55;
const HIGH_HERTZ = 1760;

export interface KeyEstimate extends MusicalKey {
  /** 0..1: the winner's correlation margin over the runner-up, scaled. */
  confidence: number;
}

/**
 * Sums spectral-peak energy into the 12 pitch classes (0 = C), over frames of `signal`. The tuning is
 * estimated first (the weighted circular mean of every peak's distance from the equal-tempered grid), so a
 * track tuned a quarter-tone off A = 440 Hz still lands on the right notes.
 */
export function chromagram(signal: Float32Array, rate: number): Float64Array {
  const spectrum = new MagnitudeSpectrum(FRAME);
  const binHertz = rate / FRAME;
  const low = Math.max(2, Math.floor(LOW_HERTZ / binHertz));
  const high = Math.min(FRAME / 2 - 2, Math.ceil(HIGH_HERTZ / binHertz));
  const peaks: { frameStart: number[]; semitone: number[]; energy: number[] } = {
    frameStart: [],
    semitone: [],
    energy: [],
  };
  let tuningX = 0;
  let tuningY = 0;
  for (let start = 0; start + FRAME <= signal.length; start += HOP) {
    const magnitudes = spectrum.of(signal, start);
    peaks.frameStart.push(peaks.semitone.length);
    for (let k = low; k <= high; k++) {
      const m = magnitudes[k];
      if (m <= magnitudes[k - 1] || m < magnitudes[k + 1]) continue;
      // Parabolic interpolation of the peak puts it between bins, which matters for low notes.
      const left = magnitudes[k - 1];
      const right = magnitudes[k + 1];
      const offset = (0.5 * (left - right)) / (left - 2 * m + right || 1);
      const semitone = 12 * Math.log2(((k + offset) * binHertz) / 440) + 69;
      const energy = m * m;
      peaks.semitone.push(semitone);
      peaks.energy.push(energy);
      tuningX += energy * Math.cos(2 * Math.PI * semitone);
      tuningY += energy * Math.sin(2 * Math.PI * semitone);
    }
  }
  peaks.frameStart.push(peaks.semitone.length);
  const tuning = Math.atan2(tuningY, tuningX) / (2 * Math.PI);
  const chroma = new Float64Array(12);
  const frameChroma = new Float64Array(12);
  for (let f = 0; f + 1 < peaks.frameStart.length; f++) {
    frameChroma.fill(0);
    for (let p = peaks.frameStart[f]; p < peaks.frameStart[f + 1]; p++) {
      const semitone = peaks.semitone[p] - tuning;
      const nearest = Math.round(semitone);
      const deviation = Math.abs(semitone - nearest);
      if (deviation > 0.4) continue;
      const weight = Math.cos((deviation / 0.4) * (Math.PI / 2)) ** 2;
      frameChroma[((nearest % 12) + 12) % 12] += weight * peaks.energy[p];
    }
    // Each frame votes with its own shape, so a loud drop does not outweigh the rest of the track.
    let total = 0;
    for (const value of frameChroma) total += value;
    if (total > 0) { for (let pc = 0; pc < 12; pc++) chroma[pc] += Math.sqrt(frameChroma[pc] / total); }
  }
  return chroma;
}

function correlation(a: ArrayLike<number>, b: ArrayLike<number>, rotation: number): number {
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < 12; i++) {
    meanA += a[i] / 12;
    meanB += b[i] / 12;
  }
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < 12; i++) {
    const x = a[(i + rotation) % 12] - meanA;
    const y = b[i] - meanB;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da > 0 && db > 0 ? num / Math.sqrt(da * db) : 0;
}

/** The best-matching key of a chroma vector, or null for a flat (tonally empty) one. */
export function keyFromChroma(chroma: ArrayLike<number>): KeyEstimate | null {
  const scores: { key: MusicalKey; score: number }[] = [];
  for (let tonic = 0; tonic < 12; tonic++) {
    scores.push({ key: { tonic, mode: "major" }, score: correlation(chroma, MAJOR_PROFILE, tonic) });
    scores.push({ key: { tonic, mode: "minor" }, score: correlation(chroma, MINOR_PROFILE, tonic) });
  }
  scores.sort((a, b) => b.score - a.score);
  if (!(scores[0].score > 0)) return null;
  const margin = scores[0].score - scores[1].score;
  return { ...scores[0].key, confidence: Math.max(0, Math.min(1, margin * 5)) };
}

export function estimateKey(signal: Float32Array, rate: number): KeyEstimate | null {
  return keyFromChroma(chromagram(signal, rate));
}
