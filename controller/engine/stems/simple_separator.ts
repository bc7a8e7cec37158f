/**
 * @module
 * The `simple` tier: band filters and mid/side in the time domain, a few seconds for a whole track.
 * Bass is everything under {@link BASS_CROSSOVER_HZ}, drums everything over {@link DRUMS_CROSSOVER_HZ}
 * (hats and cymbals; kicks land in bass), vocals the centre (mid) part of the band between, and other
 * what remains: the side part of that band. The whole track is at hand, so the filters run forwards and
 * backwards (zero phase): a Butterworth low-pass and high-pass then add up to the signal itself, and
 * no bass leaks into the band between through phase shift.
 */
import { Biquad } from "../dsp/biquad.ts";
import {
  type ProgressReporter,
  type Stems,
  type StereoMix,
  stereoOf,
  withResidualOther,
} from "./stem_set.ts";

export const BASS_CROSSOVER_HZ = 150;
export const DRUMS_CROSSOVER_HZ = 5000;
const BUTTERWORTH_Q = Math.SQRT1_2;

/** A 2nd-order Butterworth filter run forwards, then backwards over `signal`, into `out`. */
function zeroPhase(
  kind: "lowpass" | "highpass",
  frequency: number,
  sampleRate: number,
  signal: Float32Array,
  out: Float32Array,
): void {
  const section = new Biquad();
  section.configure(kind, frequency, BUTTERWORTH_Q, sampleRate);
  section.process(signal, out, signal.length);
  out.reverse();
  section.reset();
  section.process(out, out, out.length);
  out.reverse();
}

export function separateSimple(mix: StereoMix, progress: ProgressReporter = () => {}): Stems {
  const frames = mix.channels[0].length;
  const bass = stereoOf(frames), drums = stereoOf(frames), vocals = stereoOf(frames);
  for (let c = 0; c < 2; c++) {
    zeroPhase("lowpass", BASS_CROSSOVER_HZ, mix.sampleRate, mix.channels[c], bass[c]);
    progress(0.2 + c * 0.4);
    zeroPhase("highpass", DRUMS_CROSSOVER_HZ, mix.sampleRate, mix.channels[c], drums[c]);
    progress(0.4 + c * 0.4);
  }
  const [left, right] = mix.channels;
  for (let i = 0; i < frames; i++) {
    const bandLeft = left[i] - bass[0][i] - drums[0][i];
    const bandRight = right[i] - bass[1][i] - drums[1][i];
    vocals[0][i] = vocals[1][i] = (bandLeft + bandRight) * 0.5;
  }
  progress(1);
  return withResidualOther(mix, vocals, drums, bass);
}
