/**
 * @module
 * In-place radix-2 FFT and a reusable magnitude-spectrum helper for real frames. Written for
 * analysis (thousands of small frames per track), so twiddles and the bit-reversal table are built once
 * per size.
 *
 * @example
 * ```ts
 * const spectrum = new MagnitudeSpectrum(1024);
 * const magnitudes = spectrum.of(frame); // 513 values, reused on the next call
 * ```
 */

/** A real-input magnitude spectrum of a fixed power-of-two size with a Hann window. */
export class MagnitudeSpectrum {
  readonly size: number;
  readonly #window: Float32Array;
  readonly #cos: Float64Array;
  readonly #sin: Float64Array;
  readonly #reversed: Uint32Array;
  readonly #re: Float64Array;
  readonly #im: Float64Array;
  readonly #out: Float32Array;

  constructor(size: number) {
    if (!(size >= 4 && (size & (size - 1)) === 0)) {
      throw new RangeError(`FFT size must be a power of two >= 4, got ${size}`);
    }
    this.size = size;
    this.#window = Float32Array.from(
      { length: size },
      (_, i) => 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / size),
    );
    this.#cos = Float64Array.from({ length: size / 2 }, (_, i) => Math.cos((-2 * Math.PI * i) / size));
    this.#sin = Float64Array.from({ length: size / 2 }, (_, i) => Math.sin((-2 * Math.PI * i) / size));
    const bits = Math.log2(size);
    this.#reversed = Uint32Array.from({ length: size }, (_, i) => {
      let r = 0;
      for (let b = 0; b < bits; b++) r = (r << 1) | ((i >> b) & 1);
      return r;
    });
    this.#re = new Float64Array(size);
    this.#im = new Float64Array(size);
    this.#out = new Float32Array(size / 2 + 1);
  }

  /** Magnitudes of bins 0..size/2 of the windowed `frame` (read from `offset`); the array is reused. */
  of(frame: ArrayLike<number>, offset = 0): Float32Array {
    const { size } = this;
    const re = this.#re;
    const im = this.#im;
    for (let i = 0; i < size; i++) {
      const j = this.#reversed[i];
      re[j] = frame[offset + i] * this.#window[i];
      im[j] = 0;
    }
    for (let half = 1; half < size; half <<= 1) {
      const step = size / (half << 1);
      for (let start = 0; start < size; start += half << 1) {
        for (let k = 0; k < half; k++) {
          const wr = this.#cos[k * step];
          const wi = this.#sin[k * step];
          const a = start + k;
          const b = a + half;
          const tr = re[b] * wr - im[b] * wi;
          const ti = re[b] * wi + im[b] * wr;
          re[b] = re[a] - tr;
          im[b] = im[a] - ti;
          re[a] += tr;
          im[a] += ti;
        }
      }
    }
    for (let k = 0; k <= size / 2; k++) this.#out[k] = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
    return this.#out;
  }
}
