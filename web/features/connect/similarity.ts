/**
 * @module
 * How alike two DJ profiles are, and why: a score from 0 to 100 built from shared genres, overlapping
 * BPM ranges, when they play, harmonic mixing and set length, and the reasons in words ("both play
 * 122–126 BPM deep house on Saturday nights").
 */
import { describeMostActive, type DjProfile } from "./profile.ts";

export interface Similarity {
  /** 0–100. */
  score: number;
  /** Sentences saying what the two have in common; empty when nothing does. */
  reasons: string[];
}

const WEIGHTS = { genres: 0.35, bpm: 0.3, time: 0.15, harmonic: 0.1, setLength: 0.1 };

/** Share of time on air the two spend in the same genres (0–1), and the genre they share most. */
function genreOverlap(a: DjProfile, b: DjProfile): { value: number; shared: string | undefined } {
  let value = 0;
  let shared: { name: string; weight: number } | undefined;
  for (const genre of a.genres) {
    const other = b.genres.find((g) => g.name.toLowerCase() === genre.name.toLowerCase());
    if (!other) continue;
    const weight = Math.min(genre.percent, other.percent);
    value += weight / 100;
    if (!shared || weight > shared.weight) shared = { name: genre.name, weight };
  }
  return { value: Math.min(1, value), shared: shared?.name };
}

/** Intersection over union of the two BPM ranges (0–1), and the intersection. */
function bpmOverlap(
  a: DjProfile,
  b: DjProfile,
): { value: number; range: { low: number; high: number } | undefined } {
  if (!a.bpm || !b.bpm) return { value: 0, range: undefined };
  const low = Math.max(a.bpm.low, b.bpm.low);
  const high = Math.min(a.bpm.high, b.bpm.high);
  if (high < low) return { value: 0, range: undefined };
  const union = Math.max(a.bpm.high, b.bpm.high) - Math.min(a.bpm.low, b.bpm.low);
  return { value: union === 0 ? 1 : Math.max((high - low) / union, 0.25), range: { low, high } };
}

/**
 * @example
 * const { score, reasons } = similarity(mine, theirs);
 * // { score: 87, reasons: ["both play 122–126 BPM deep house on Saturday nights", …] }
 */
export function similarity(a: DjProfile, b: DjProfile): Similarity {
  const genres = genreOverlap(a, b);
  const bpm = bpmOverlap(a, b);
  const sameSlot = a.mostActive && b.mostActive && a.mostActive.weekday === b.mostActive.weekday &&
    a.mostActive.dayPart === b.mostActive.dayPart;
  const samePart = a.mostActive && b.mostActive && a.mostActive.dayPart === b.mostActive.dayPart;
  const time = sameSlot ? 1 : samePart ? 0.5 : 0;
  const harmonic = a.harmonicPercent !== null && b.harmonicPercent !== null
    ? 1 - Math.abs(a.harmonicPercent - b.harmonicPercent) / 100
    : 0;
  const setLength = a.typicalSetMinutes && b.typicalSetMinutes
    ? 1 -
      Math.abs(a.typicalSetMinutes - b.typicalSetMinutes) / Math.max(a.typicalSetMinutes, b.typicalSetMinutes)
    : 0;
  const score = Math.round(
    100 * (WEIGHTS.genres * genres.value + WEIGHTS.bpm * bpm.value + WEIGHTS.time * time +
      WEIGHTS.harmonic * harmonic + WEIGHTS.setLength * setLength),
  );

  const reasons: string[] = [];
  const style = [
    bpm.range
      ? (bpm.range.low === bpm.range.high ? `${bpm.range.low} BPM` : `${bpm.range.low}–${bpm.range.high} BPM`)
      : "",
    genres.shared ? genres.shared.toLowerCase() : "",
    sameSlot ? `on ${describeMostActive(a.mostActive!)}` : "",
  ].filter(Boolean);
  if (style.length > 0) reasons.push(`both play ${style.join(" ")}`);
  else if (samePart) reasons.push(`both play mostly at ${a.mostActive!.dayPart}`);
  if (harmonic >= 0.9 && a.harmonicPercent !== null && b.harmonicPercent !== null) {
    reasons.push(
      `both mix harmonically (${a.harmonicPercent} % and ${b.harmonicPercent} % of blends)`,
    );
  }
  if (setLength >= 0.75 && a.typicalSetMinutes && b.typicalSetMinutes) {
    reasons.push(`similar set length (${a.typicalSetMinutes} and ${b.typicalSetMinutes} minutes)`);
  }
  return { score, reasons };
}
