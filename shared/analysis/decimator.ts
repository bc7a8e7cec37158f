/**
 * @module
 * Mono downmix and integer-factor decimation with a windowed-sinc low pass, streamed chunk by chunk.
 * Tempo and key only need the band below a few kHz, so analysing ~11 kHz mono instead of 44.1 kHz stereo
 * cuts the work by eight; the low pass keeps hi-hats from folding into the bass and mid range.
 *
 * @example
 * ```ts
 * const mono = new MonoDecimator(44100, 11025, 600);
 * mono.push(channelData, frames);
 * const signal = mono.samples(); // Float32Array at mono.rate
 * ```
 */

/** Low-pass taps for decimating by `factor` (cut-off at 90 % of the new Nyquist, Blackman window). */
function lowPassTaps(factor: number): Float32Array {
  const length = 8 * factor + 1;
  const cutoff = 0.45 / factor;
  const middle = (length - 1) / 2;
  const taps = new Float32Array(length);
  let sum = 0;
  for (let i = 0; i < length; i++) {
    const x = i - middle;
    const sinc = x === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
    const window = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (length - 1)) +
      0.08 * Math.cos((4 * Math.PI * i) / (length - 1));
    taps[i] = sinc * window;
    sum += taps[i];
  }
  for (let i = 0; i < length; i++) taps[i] /= sum;
  return taps;
}

export class MonoDecimator {
  /** Sample rate of the output. */
  readonly rate: number;
  readonly factor: number;
  readonly #taps: Float32Array;
  /** The last taps.length mono input samples (the oldest first). */
  readonly #history: Float32Array;
  #written = 0;
  #out: Float32Array;
  #length = 0;
  readonly #maxLength: number;

  /** Keeps at most `maxSeconds` of output (later input is dropped). */
  constructor(sampleRate: number, targetRate: number, maxSeconds: number) {
    this.factor = Math.max(1, Math.round(sampleRate / targetRate));
    this.rate = sampleRate / this.factor;
    this.#taps = this.factor > 1 ? lowPassTaps(this.factor) : Float32Array.of(1);
    this.#history = new Float32Array(this.#taps.length);
    this.#maxLength = Math.ceil(maxSeconds * this.rate);
    this.#out = new Float32Array(Math.min(this.#maxLength, Math.ceil(this.rate * 60)));
  }

  /** Adds `frames` frames; channels are averaged into one. */
  push(channels: Float32Array[], frames: number): void {
    const taps = this.#taps;
    const size = taps.length;
    // The previous chunk's tail, then this chunk's mono samples, so the filter reads one flat array.
    const input = new Float32Array(size - 1 + frames);
    input.set(this.#history.subarray(1));
    const scale = 1 / channels.length;
    for (const data of channels) {
      for (let i = 0; i < frames; i++) input[size - 1 + i] += data[i] * scale;
    }
    // The next output is due when the input count reaches a multiple of the factor.
    let newest = (this.factor - (this.#written % this.factor)) % this.factor;
    if (newest === 0) newest = this.factor;
    for (let i = newest - 1; i < frames; i += this.factor) {
      if (this.#length >= this.#maxLength) break;
      let acc = 0;
      const end = i + size - 1;
      for (let t = 0; t < size; t++) acc += taps[t] * input[end - t];
      this.#append(acc);
    }
    this.#written += frames;
    this.#history.set(input.subarray(input.length - size));
  }

  #append(value: number): void {
    if (this.#length === this.#out.length) {
      const grown = new Float32Array(Math.min(this.#maxLength, this.#out.length * 2));
      grown.set(this.#out);
      this.#out = grown;
    }
    this.#out[this.#length++] = value;
  }

  /**
   * The output so far. Sample n is the filtered input around input frame n·factor − (taps − 1)/2, i.e.
   * the filter's delay is `delaySeconds`.
   */
  samples(): Float32Array {
    return this.#out.subarray(0, this.#length);
  }

  /** How far the output lags the input, in seconds. */
  get delaySeconds(): number {
    return ((this.#taps.length - 1) / 2 - (this.factor - 1)) / (this.rate * this.factor);
  }
}
