/**
 * @module
 * Onset strength: log-compressed spectral flux (the summed rise of each bin's magnitude from one frame to
 * the next), with a moving average subtracted so only the rises above the local level remain.
 *
 * @example
 * ```ts
 * const envelope = onsetEnvelope(monoSignal, 11025);
 * console.log(envelope.frameRate, envelope.values.length);
 * ```
 */
import { MagnitudeSpectrum } from "./fft.ts";

export interface OnsetEnvelope {
  values: Float32Array;
  /** Envelope values per second. */
  frameRate: number;
  /** Time in seconds of value 0 (the centre of the first frame pair). */
  startSeconds: number;
}

const FRAME = 256;
const HOP = 128;
const COMPRESSION = 1000;
const MAX_HERTZ = 5000;
const AVERAGE_SECONDS = 0.25;

export function onsetEnvelope(signal: Float32Array, rate: number): OnsetEnvelope {
  const frames = Math.max(0, Math.floor((signal.length - FRAME) / HOP) + 1);
  const bins = Math.min(FRAME / 2, Math.floor((MAX_HERTZ / rate) * FRAME));
  const spectrum = new MagnitudeSpectrum(FRAME);
  const previous = new Float32Array(bins + 1);
  const flux = new Float32Array(frames);
  for (let f = 0; f < frames; f++) {
    const magnitudes = spectrum.of(signal, f * HOP);
    let rise = 0;
    for (let k = 1; k <= bins; k++) {
      const level = Math.log1p(COMPRESSION * magnitudes[k]);
      const delta = level - previous[k];
      if (delta > 0 && f > 0) rise += delta;
      previous[k] = level;
    }
    flux[f] = rise;
  }
  const frameRate = rate / HOP;
  return {
    values: subtractLocalMean(flux, Math.max(1, Math.round(AVERAGE_SECONDS * frameRate))),
    frameRate,
    startSeconds: FRAME / 2 / rate,
  };
}

/** Half-wave rectified difference from a centred moving average of `radius` values each side. */
function subtractLocalMean(values: Float32Array, radius: number): Float32Array {
  const out = new Float32Array(values.length);
  let sum = 0;
  let count = 0;
  let low = 0;
  let high = 0;
  for (let i = 0; i < values.length; i++) {
    while (high < values.length && high <= i + radius) sum += values[high++], count++;
    while (low < i - radius) sum -= values[low++], count--;
    const value = values[i] - sum / count;
    out[i] = value > 0 ? value : 0;
  }
  return out;
}
