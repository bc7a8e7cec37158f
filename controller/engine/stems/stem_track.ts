/**
 * @module
 * A deck's track made of four stems: every sample is the sum of the stems at that frame, each times its
 * own gain. The deck reads it like any other track, so tempo, seek, hot cues and loops move all stems
 * together, sample-locked. A gain change glides over {@link GAIN_RAMP_BLOCKS} render blocks (about 23 ms
 * at 256 frames), so muting a stem does not click.
 */
import type { TrackSource } from "../deck.ts";
import { BLOCK_FRAMES, BLOCK_SHIFT } from "../track_buffer.ts";
import { STEM_NAMES, type StemName } from "./stem_set.ts";

export const GAIN_RAMP_BLOCKS = 4;
const SCALE = 1 / 32768;
const BLOCK_MASK = BLOCK_FRAMES - 1;

export class StemTrack implements TrackSource {
  readonly channels = 2;
  readonly complete = true;
  readonly length: number;
  readonly totalFrames: number;
  /** stems[stem] = blocks[block][channel] */
  readonly #blocks: Int16Array[][][];
  readonly #gains = new Float64Array(STEM_NAMES.length).fill(1);
  readonly #targets = new Float64Array(STEM_NAMES.length).fill(1);
  readonly #steps = new Float64Array(STEM_NAMES.length);

  /** `stems[stem][channel]`: four stereo stems of equal length, in STEM_NAMES order. */
  constructor(readonly sampleRate: number, stems: Int16Array[][]) {
    if (stems.length !== STEM_NAMES.length || stems.some((stem) => stem.length !== 2)) {
      throw new RangeError("expected four stereo stems");
    }
    this.length = this.totalFrames = stems[0][0].length;
    this.#blocks = stems.map((stem) => {
      const blocks: Int16Array[][] = [];
      for (let start = 0; start < this.length; start += BLOCK_FRAMES) {
        blocks.push(stem.map((channel) => channel.subarray(start, start + BLOCK_FRAMES)));
      }
      return blocks;
    });
  }

  /** Sets the gain (linear, ≥ 0) one stem glides to, or jumps to without `glide` (before playing). */
  setGain(stem: StemName, gain: number, glide = true): void {
    const index = STEM_NAMES.indexOf(stem);
    this.#targets[index] = gain;
    if (!glide) this.#gains[index] = gain;
    this.#steps[index] = Math.abs(gain - this.#gains[index]) / GAIN_RAMP_BLOCKS;
  }

  /** The gain a stem plays at now. */
  gain(stem: StemName): number {
    return this.#gains[STEM_NAMES.indexOf(stem)];
  }

  prepareBlock(): void {
    for (let s = 0; s < STEM_NAMES.length; s++) {
      const gain = this.#gains[s], target = this.#targets[s];
      if (gain === target) continue;
      const step = this.#steps[s];
      this.#gains[s] = gain < target ? Math.min(target, gain + step) : Math.max(target, gain - step);
    }
  }

  sample(channel: number, frame: number): number {
    if (frame < 0 || frame >= this.length) return 0;
    const block = frame >> BLOCK_SHIFT, offset = frame & BLOCK_MASK;
    const blocks = this.#blocks, gains = this.#gains;
    return (
      gains[0] * blocks[0][block][channel][offset] +
      gains[1] * blocks[1][block][channel][offset] +
      gains[2] * blocks[2][block][channel][offset] +
      gains[3] * blocks[3][block][channel][offset]
    ) * SCALE;
  }
}
