/**
 * @module
 * The one-knob filter of a DJ mixer channel: turning left sweeps a low-pass down, turning right sweeps a
 * high-pass up, the centre (a small dead zone) bypasses it.
 */
import { Biquad } from "./biquad.ts";

export const FILTER_DEAD_ZONE = 0.01;
const RESONANCE_Q = 0.9;

/** Cutoff for a knob position: low-pass 20 kHz → 40 Hz over -1..0, high-pass 20 Hz → 10 kHz over 0..1. */
export function filterSetting(knob: number): { kind: "lowpass" | "highpass"; frequency: number } | null {
  if (Math.abs(knob) < FILTER_DEAD_ZONE) return null;
  const amount = Math.min(1, Math.abs(knob));
  return knob < 0
    ? { kind: "lowpass", frequency: 20000 * (40 / 20000) ** amount }
    : { kind: "highpass", frequency: 20 * (10000 / 20) ** amount };
}

/** One channel of the filter. */
export class SweepFilter {
  #biquad = new Biquad();
  #knob = 0;
  #kind: "lowpass" | "highpass" | null = null;

  constructor(readonly sampleRate: number) {}

  /** Filters `signal` in place; a knob inside the dead zone leaves it untouched. */
  process(signal: Float32Array, frames: number, knob: number): void {
    const setting = filterSetting(knob);
    if (!setting) {
      this.#kind = null;
      return;
    }
    if (setting.kind !== this.#kind) this.#biquad.reset();
    if (setting.kind !== this.#kind || knob !== this.#knob) {
      this.#biquad.configure(setting.kind, setting.frequency, RESONANCE_Q, this.sampleRate);
    }
    this.#kind = setting.kind;
    this.#knob = knob;
    this.#biquad.process(signal, signal, frames);
  }
}
