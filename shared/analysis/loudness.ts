/**
 * @module
 * Integrated loudness after EBU R128 / ITU-R BS.1770-4: K-weighting (a high shelf and a high pass,
 * derived for any sample rate from the standard's analogue prototype), mean square per 100 ms step,
 * 400 ms blocks overlapping by 75 %, an absolute gate at −70 LUFS and a relative gate 10 LU below the
 * mean of the blocks that pass it.
 *
 * @example
 * ```ts
 * const meter = new LoudnessMeter(44100, 2);
 * meter.push(channelData, frames);
 * const lufs = meter.integrated(); // null for silence
 * ```
 */

interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** BS.1770's pre-filter (a +4 dB shelf above ~1.7 kHz) for `sampleRate`. */
function shelfFilter(sampleRate: number): Biquad {
  const k = Math.tan((Math.PI * 1681.974450955533) / sampleRate);
  const q = 0.7071752369554196;
  const vh = 10 ** (3.999843853973347 / 20);
  const vb = vh ** 0.4996667741545416;
  const a0 = 1 + k / q + k * k;
  return {
    b0: (vh + (vb * k) / q + k * k) / a0,
    b1: (2 * (k * k - vh)) / a0,
    b2: (vh - (vb * k) / q + k * k) / a0,
    a1: (2 * (k * k - 1)) / a0,
    a2: (1 - k / q + k * k) / a0,
  };
}

/** BS.1770's RLB high pass (~38 Hz) for `sampleRate`. */
function highPassFilter(sampleRate: number): Biquad {
  const k = Math.tan((Math.PI * 38.13547087602444) / sampleRate);
  const q = 0.5003270373238773;
  const a0 = 1 + k / q + k * k;
  return { b0: 1, b1: -2, b2: 1, a1: (2 * (k * k - 1)) / a0, a2: (1 - k / q + k * k) / a0 };
}

/** Channel weights of BS.1770 for up to 5.1 in the usual WAV order (L R C LFE Ls Rs); LFE is ignored. */
function channelWeight(channel: number, channels: number): number {
  if (channels === 6) return [1, 1, 1, 0, 1.41, 1.41][channel];
  return 1;
}

const STEP_SECONDS = 0.1;
const STEPS_PER_BLOCK = 4;
const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;

export class LoudnessMeter {
  readonly #shelf: Biquad;
  readonly #highPass: Biquad;
  /** Per channel: x1 x2 y1 y2 of the shelf, then y1 y2 of the high pass (its inputs are the shelf's outputs). */
  readonly #state: Float64Array[];
  readonly #weights: number[];
  readonly #stepFrames: number;
  #filled = 0;
  #stepEnergy = 0;
  readonly #steps: number[] = [];

  constructor(sampleRate: number, channels: number) {
    this.#shelf = shelfFilter(sampleRate);
    this.#highPass = highPassFilter(sampleRate);
    this.#state = Array.from({ length: channels }, () => new Float64Array(8));
    this.#weights = Array.from({ length: channels }, (_, c) => channelWeight(c, channels));
    this.#stepFrames = Math.round(sampleRate * STEP_SECONDS);
  }

  /** Adds `frames` frames of every channel. */
  push(channels: Float32Array[], frames: number): void {
    let start = 0;
    while (start < frames) {
      const count = Math.min(frames - start, this.#stepFrames - this.#filled);
      for (let c = 0; c < channels.length; c++) {
        if (this.#weights[c] === 0) continue;
        this.#stepEnergy += this.#weights[c] *
          this.#filteredEnergy(channels[c], start, count, this.#state[c]);
      }
      this.#filled += count;
      start += count;
      if (this.#filled === this.#stepFrames) {
        this.#steps.push(this.#stepEnergy / this.#stepFrames);
        this.#stepEnergy = 0;
        this.#filled = 0;
      }
    }
  }

  #filteredEnergy(data: Float32Array, start: number, count: number, s: Float64Array): number {
    const { b0, b1, b2, a1, a2 } = this.#shelf;
    const { a1: h1, a2: h2 } = this.#highPass;
    let [x1, x2, y1, y2, z1, z2, w1, w2] = s;
    let sum = 0;
    for (let i = start; i < start + count; i++) {
      const x = data[i];
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1;
      x1 = x;
      y2 = y1;
      y1 = y;
      const z = y - 2 * z1 + z2 - h1 * w1 - h2 * w2;
      z2 = z1;
      z1 = y;
      w2 = w1;
      w1 = z;
      sum += z * z;
    }
    s.set([x1, x2, y1, y2, z1, z2, w1, w2]);
    return sum;
  }

  /** Mean-square energy of every 400 ms block (one per 100 ms step). */
  blockEnergies(): number[] {
    const blocks: number[] = [];
    for (let i = STEPS_PER_BLOCK - 1; i < this.#steps.length; i++) {
      let sum = 0;
      for (let j = 0; j < STEPS_PER_BLOCK; j++) sum += this.#steps[i - j];
      blocks.push(sum / STEPS_PER_BLOCK);
    }
    return blocks;
  }

  /** Integrated loudness in LUFS, or null when no block passes the absolute gate (silence, < 400 ms). */
  integrated(): number | null {
    const toLufs = (energy: number) => -0.691 + 10 * Math.log10(energy);
    const loud = this.blockEnergies().filter((energy) => energy > 0 && toLufs(energy) > ABSOLUTE_GATE_LUFS);
    if (loud.length === 0) return null;
    const gate = toLufs(loud.reduce((a, b) => a + b, 0) / loud.length) + RELATIVE_GATE_LU;
    const kept = loud.filter((energy) => toLufs(energy) > gate);
    return toLufs(kept.reduce((a, b) => a + b, 0) / kept.length);
  }
}
