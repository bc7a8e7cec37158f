/**
 * @module
 * An energy rating 1..10 for sorting and set planning: how loud the track is played back (integrated
 * loudness), how busy its rhythm is (onset strength per second) and how fast it goes. Each part is mapped
 * from the span club music covers onto 0..1; the weights favour loudness and density, which is what a
 * crowd hears as "energy" more than tempo.
 *
 * @example
 * ```ts
 * energyRating({ lufs: -8, onsetRate: 6, bpm: 128 }); // 8
 * ```
 */

const clamp01 = (x: number) => Math.max(0, Math.min(1, x));

export interface EnergyInputs {
  lufs: number | null;
  /** Mean onset strength per second (the onset envelope summed, divided by the duration). */
  onsetRate: number;
  bpm: number | null;
}

export function energyRating({ lufs, onsetRate, bpm }: EnergyInputs): number {
  const loudness = lufs === null ? 0 : clamp01((lufs + 30) / 24);
  const density = clamp01(onsetRate / 10);
  const speed = bpm === null ? 0 : clamp01((bpm - 88) / 88);
  return Math.max(1, Math.min(10, Math.round(1 + 9 * (0.45 * loudness + 0.4 * density + 0.15 * speed))));
}
