/**
 * @module
 * Waveform overview peaks: the largest absolute sample over all channels per fixed number of frames,
 * computed incrementally while a track decodes.
 *
 * @example
 * ```ts
 * const peaks = new PeakBuilder(882);
 * const points = peaks.push(channelData, frames); // completed points so far
 * const last = peaks.flush();
 * ```
 */
export class PeakBuilder {
  #framesPerPoint: number;
  #filled = 0;
  #peak = 0;

  constructor(framesPerPoint: number) {
    if (!(framesPerPoint >= 1)) throw new RangeError(`framesPerPoint must be >= 1, got ${framesPerPoint}`);
    this.#framesPerPoint = Math.floor(framesPerPoint);
  }

  /** Adds `frames` frames of every channel; returns the points they completed (0..1 each). */
  push(channels: Float32Array[], frames: number): number[] {
    const points: number[] = [];
    for (let frame = 0; frame < frames; frame++) {
      for (const data of channels) {
        const magnitude = Math.abs(data[frame]);
        if (magnitude > this.#peak) this.#peak = magnitude;
      }
      if (++this.#filled === this.#framesPerPoint) points.push(this.#take());
    }
    return points;
  }

  /** Returns the last, partial point (or nothing when the frames divided evenly). */
  flush(): number[] {
    return this.#filled > 0 ? [this.#take()] : [];
  }

  #take(): number {
    const value = Math.min(1, this.#peak);
    this.#filled = 0;
    this.#peak = 0;
    return value;
  }
}

/** Reduces peaks to `points` values, keeping the maximum of each span (never inventing detail). */
export function downsamplePeaks(peaks: ArrayLike<number>, points: number): number[] {
  const count = Math.max(0, Math.floor(points));
  if (peaks.length === 0 || count === 0) return [];
  const result = new Array<number>(count);
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * peaks.length) / count);
    const end = Math.max(start + 1, Math.floor(((i + 1) * peaks.length) / count));
    let max = 0;
    for (let j = start; j < end && j < peaks.length; j++) if (peaks[j] > max) max = peaks[j];
    result[i] = max;
  }
  return result;
}
