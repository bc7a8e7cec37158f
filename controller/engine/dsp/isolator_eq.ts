/**
 * @module
 * A DJ mixer's 3-band isolator EQ: the signal is split by Linkwitz-Riley (4th-order) crossovers into
 * low, mid and high bands, each band scaled and summed, so a kill removes its band completely.
 */
import { Biquad } from "./biquad.ts";

export const LOW_MID_CROSSOVER_HZ = 250;
export const MID_HIGH_CROSSOVER_HZ = 3000;
const BUTTERWORTH_Q = Math.SQRT1_2;

/** Two cascaded Butterworth sections: one Linkwitz-Riley 4th-order low- or high-pass. */
class LinkwitzRiley {
  #sections = [new Biquad(), new Biquad()];
  constructor(kind: "lowpass" | "highpass", frequency: number, sampleRate: number) {
    for (const section of this.#sections) section.configure(kind, frequency, BUTTERWORTH_Q, sampleRate);
  }
  process(input: Float32Array, output: Float32Array, frames: number): void {
    this.#sections[0].process(input, output, frames);
    this.#sections[1].process(output, output, frames);
  }
  reset(): void {
    for (const section of this.#sections) section.reset();
  }
}

/** One channel of the isolator (a stereo deck uses two). */
export class IsolatorEq {
  #lowPass: LinkwitzRiley;
  #upperPass: LinkwitzRiley;
  #midPass: LinkwitzRiley;
  #highPass: LinkwitzRiley;
  #low: Float32Array;
  #mid: Float32Array;
  #high: Float32Array;

  constructor(sampleRate: number, maxFrames: number) {
    this.#lowPass = new LinkwitzRiley("lowpass", LOW_MID_CROSSOVER_HZ, sampleRate);
    this.#upperPass = new LinkwitzRiley("highpass", LOW_MID_CROSSOVER_HZ, sampleRate);
    this.#midPass = new LinkwitzRiley("lowpass", MID_HIGH_CROSSOVER_HZ, sampleRate);
    this.#highPass = new LinkwitzRiley("highpass", MID_HIGH_CROSSOVER_HZ, sampleRate);
    this.#low = new Float32Array(maxFrames);
    this.#mid = new Float32Array(maxFrames);
    this.#high = new Float32Array(maxFrames);
  }

  /** Clears the filter memory (used when the EQ comes back from bypass, so old state does not click). */
  reset(): void {
    for (const filter of [this.#lowPass, this.#upperPass, this.#midPass, this.#highPass]) filter.reset();
  }

  /** Processes `signal` in place with linear band gains (0 = killed). */
  process(signal: Float32Array, frames: number, low: number, mid: number, high: number): void {
    this.#lowPass.process(signal, this.#low, frames);
    this.#upperPass.process(signal, this.#high, frames);
    this.#midPass.process(this.#high, this.#mid, frames);
    this.#highPass.process(this.#high, this.#high, frames);
    const lowBand = this.#low, midBand = this.#mid, highBand = this.#high;
    for (let i = 0; i < frames; i++) signal[i] = low * lowBand[i] + mid * midBand[i] + high * highBand[i];
  }
}
