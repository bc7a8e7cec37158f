/**
 * @module
 * What a separation produces: the four stems of a stereo track, in a fixed order, and the tiers that
 * produce them. Every tier's stems add up to the mix: `other` is the mix less the three named stems.
 */

export const STEM_NAMES = ["vocals", "drums", "bass", "other"] as const;
export type StemName = typeof STEM_NAMES[number];

export const STEM_TIERS = ["simple", "enhanced", "demucs"] as const;
export type StemTier = typeof STEM_TIERS[number];

/** A stereo signal as two planar channels of equal length. */
export type Stereo = [left: Float32Array, right: Float32Array];

/** The mix a separator reads. */
export interface StereoMix {
  sampleRate: number;
  channels: Stereo;
}

/** Four stems in {@link STEM_NAMES} order. */
export type Stems = [vocals: Stereo, drums: Stereo, bass: Stereo, other: Stereo];

/** Reports progress as a fraction 0..1; called often, so it should only post a message now and then. */
export type ProgressReporter = (fraction: number) => void;

export function isStemTier(value: string): value is StemTier {
  return (STEM_TIERS as readonly string[]).includes(value);
}

export function stereoOf(frames: number): Stereo {
  return [new Float32Array(frames), new Float32Array(frames)];
}

/** Completes a separation: `other` becomes the mix less vocals, drums and bass, so the stems sum to the mix. */
export function withResidualOther(mix: StereoMix, vocals: Stereo, drums: Stereo, bass: Stereo): Stems {
  const frames = mix.channels[0].length;
  const other = stereoOf(frames);
  for (let c = 0; c < 2; c++) {
    const x = mix.channels[c], v = vocals[c], d = drums[c], b = bass[c], o = other[c];
    for (let i = 0; i < frames; i++) o[i] = x[i] - v[i] - d[i] - b[i];
  }
  return [vocals, drums, bass, other];
}
