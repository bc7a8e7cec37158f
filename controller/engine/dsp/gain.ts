/**
 * @module
 * Decibel conversion and the crossfader curve.
 */
import type { CrossfaderAssign } from "../mixer_tree.ts";

/** 10^(dB/20); -144 dB and below is silence. 0 dB is exactly 1, which keeps unity playback bit-exact. */
export function dbToGain(db: number): number {
  return db <= -144 ? 0 : 10 ** (db / 20);
}

/**
 * Gain of a channel from the crossfader position (-1 = side A, 1 = side B). Both sides stay at full level
 * up to the centre and fade linearly beyond it (a mixer's "additive" curve: no dip in the middle).
 */
export function crossfaderGain(position: number, assign: CrossfaderAssign): number {
  if (assign === "THRU") return 1;
  const towardsOtherSide = assign === "A" ? position : -position;
  return Math.min(1, Math.max(0, 1 - towardsOtherSide));
}

/** Balance-style pan: the centre leaves both sides at unity. Returns [left, right]. */
export function panGains(pan: number): [number, number] {
  return [pan > 0 ? 1 - pan : 1, pan < 0 ? 1 + pan : 1];
}
