/**
 * @module
 * The numbers of one transition, as pure functions of what the recorder saw: the tempo gap between
 * the two tracks, the overlap in beats, whether the blend started on a phrase, and the bass swap.
 *
 * @example
 * ```ts
 * tempoDeltaPct(128, 125); // 2.34…
 * tempoDeltaPct(140, 70); // 0: half time
 * overlapBeats(16, 120); // 32 beats
 * phraseAligned(61.935, 124); // true: beat 128, the start of bar 33
 * ```
 */

/** The tempos a track is mixed at besides its own: half and double time. */
const TIME_FACTORS = [1, 0.5, 2];
/** Beats in the shortest phrase that counts (8 bars of 4/4); 16 and 32 bars are multiples of it. */
export const PHRASE_BEATS = 32;
/** How far from a phrase boundary the blend may start and still count as aligned. */
export const PHRASE_TOLERANCE_BEATS = 0.5;

const known = (bpm: number | null | undefined): bpm is number =>
  typeof bpm === "number" && Number.isFinite(bpm) && bpm > 0;

/**
 * |BPM out − BPM in| / BPM out in percent, the smallest of straight, half and double time; null
 * unless both tempos are known. The tracks' own tempos: how far apart the two records are, which is
 * what the DJ had to bridge with the pitch faders.
 */
export function tempoDeltaPct(
  bpmOut: number | null | undefined,
  bpmIn: number | null | undefined,
): number | null {
  if (!known(bpmOut) || !known(bpmIn)) return null;
  return Math.min(...TIME_FACTORS.map((factor) => (Math.abs(bpmOut - bpmIn * factor) / bpmOut) * 100));
}

/** The tempo a deck is heard at: its track's BPM moved by the varispeed. */
export function playedBpm(bpm: number | null | undefined, tempoPercent: number): number | null {
  return known(bpm) ? bpm * (1 + tempoPercent / 100) : null;
}

/** Beats in `seconds` at `bpm` (the tempo heard); 0 without a tempo, which has no beats to count. */
export function overlapBeats(seconds: number, bpm: number | null): number {
  return known(bpm) && seconds > 0 ? (seconds * bpm) / 60 : 0;
}

/**
 * True when `positionSec` (track time of the incoming deck when the blend started) falls on an 8,
 * 16 or 32 bar boundary of a grid of `bpm` beats starting at the track's beginning.
 */
export function phraseAligned(positionSec: number, bpm: number | null | undefined): boolean {
  if (!known(bpm) || !Number.isFinite(positionSec) || positionSec < 0) return false;
  const beat = (positionSec * bpm) / 60;
  const fromBoundary = beat % PHRASE_BEATS;
  return Math.min(fromBoundary, PHRASE_BEATS - fromBoundary) <= PHRASE_TOLERANCE_BEATS;
}

/** A window of time in milliseconds since the epoch, both ends included. */
export interface TimeWindow {
  startMs: number;
  endMs: number;
}

/**
 * Seconds from the outgoing deck's low-EQ cut to the incoming deck's low-EQ boost, when both fell in
 * the blend; negative when the incoming bass came in before the outgoing bass went (both basses open
 * for a moment); null when either move is missing.
 */
export function bassSwapSec(
  outgoingLowCutMs: number | null,
  incomingLowBoostMs: number | null,
  blend: TimeWindow,
): number | null {
  const inside = (ms: number | null): ms is number => ms !== null && ms >= blend.startMs && ms <= blend.endMs;
  if (!inside(outgoingLowCutMs) || !inside(incomingLowBoostMs)) return null;
  return (incomingLowBoostMs - outgoingLowCutMs) / 1000;
}
