/**
 * @module
 * Sliding medians for harmonic/percussive separation, kept sorted as the window slides: replacing the
 * value that leaves with the one that enters is one binary search and a short shift, instead of sorting
 * the whole window for every output (the spectral tier takes millions of medians per track).
 */

/** Replaces `leaving` (present in the sorted window `sorted[base..base+size)`) with `entering`. */
function replaceSorted(sorted: Float32Array, base: number, size: number, leaving: number, entering: number) {
  let low = 0, high = size - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[base + mid] < leaving) low = mid + 1;
    else high = mid;
  }
  let j = low;
  if (entering > leaving) {
    while (j + 1 < size && sorted[base + j + 1] < entering) {
      sorted[base + j] = sorted[base + j + 1];
      j++;
    }
  } else {
    while (j > 0 && sorted[base + j - 1] > entering) {
      sorted[base + j] = sorted[base + j - 1];
      j--;
    }
  }
  sorted[base + j] = entering;
}

/**
 * `count` independent windows of `size` values each, fed one value per window per step (one spectrum frame
 * per step, one window per frequency bin). Windows start full of zeros.
 */
export class RunningMedians {
  readonly #sorted: Float32Array;
  readonly #ring: Float32Array;
  #position = 0;

  constructor(readonly count: number, readonly size: number) {
    if (size % 2 !== 1) throw new RangeError(`median window must be odd, got ${size}`);
    this.#sorted = new Float32Array(count * size);
    this.#ring = new Float32Array(count * size);
  }

  /** Adds one value to every window (dropping each window's oldest). */
  push(values: Float32Array): void {
    const { count, size } = this;
    const sorted = this.#sorted, ring = this.#ring, slot = this.#position;
    for (let i = 0; i < count; i++) {
      const base = i * size;
      const entering = Math.fround(values[i]);
      const leaving = ring[base + slot];
      ring[base + slot] = entering;
      if (entering !== leaving) replaceSorted(sorted, base, size, leaving, entering);
    }
    this.#position = (slot + 1) % size;
  }

  /** Writes the median of every window into `out`. */
  medians(out: Float32Array): void {
    const { count, size } = this;
    const middle = size >> 1;
    for (let i = 0; i < count; i++) out[i] = this.#sorted[i * size + middle];
  }
}
