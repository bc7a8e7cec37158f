/**
 * @module
 * Musical keys in the two notations DJs read: standard names ("F#m", "Bb") and the Camelot wheel
 * ("11A", "6B"), whose neighbours (±1 on the wheel, or A↔B at the same number) mix harmonically.
 *
 * @example
 * ```ts
 * const key = { tonic: 9, mode: "minor" } as const;
 * keyName(key); // "Am"
 * camelotCode(key); // "8A"
 * compatibleCamelotCodes("8A"); // ["8A", "7A", "9A", "8B"]
 * ```
 */

export type Mode = "major" | "minor";

/** A key by its tonic pitch class (0 = C … 11 = B) and mode. */
export interface MusicalKey {
  tonic: number;
  mode: Mode;
}

const MAJOR_NAMES = ["C", "Db", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
const MINOR_NAMES = ["Cm", "C#m", "Dm", "Ebm", "Em", "Fm", "F#m", "Gm", "G#m", "Am", "Bbm", "Bm"];

export function keyName(key: MusicalKey): string {
  return (key.mode === "major" ? MAJOR_NAMES : MINOR_NAMES)[key.tonic];
}

/** Camelot code: C major is 8B, A minor 8A; each step of a fifth moves one number. */
export function camelotCode(key: MusicalKey): string {
  const major = key.mode === "major" ? key.tonic : (key.tonic + 3) % 12;
  const number = ((major * 7 + 7) % 12) + 1;
  return `${number}${key.mode === "major" ? "B" : "A"}`;
}

/** Parses "8A" / "12b"; null for anything else. */
export function parseCamelot(code: string): MusicalKey | null {
  const match = /^(1[0-2]|[1-9])([AB])$/i.exec(code.trim());
  if (!match) return null;
  const number = Number(match[1]);
  // Inverse of camelotCode: number n is the major key (n - 8) fifths from C.
  const major = (((number - 8) * 7) % 12 + 12) % 12;
  return match[2].toUpperCase() === "B"
    ? { tonic: major, mode: "major" }
    : { tonic: (major + 9) % 12, mode: "minor" };
}

/** The code itself, its two wheel neighbours and its relative major/minor. */
export function compatibleCamelotCodes(code: string): string[] {
  const key = parseCamelot(code);
  if (!key) return [];
  const number = Number(/\d+/.exec(code)![0]);
  const letter = key.mode === "major" ? "B" : "A";
  const wrap = (n: number) => ((n - 1 + 12) % 12) + 1;
  return [
    `${number}${letter}`,
    `${wrap(number - 1)}${letter}`,
    `${wrap(number + 1)}${letter}`,
    `${number}${letter === "A" ? "B" : "A"}`,
  ];
}

/**
 * The MIREX weighted key score of an estimate against a reference: 1 same key, 0.5 the estimate a
 * perfect fifth above the reference, 0.3 relative major/minor, 0.2 parallel major/minor, else 0.
 */
export function mirexKeyScore(reference: MusicalKey, estimate: MusicalKey): number {
  const interval = (estimate.tonic - reference.tonic + 12) % 12;
  if (reference.mode === estimate.mode) return interval === 0 ? 1 : interval === 7 ? 0.5 : 0;
  if (reference.mode === "major" && interval === 9) return 0.3;
  if (reference.mode === "minor" && interval === 3) return 0.3;
  return interval === 0 ? 0.2 : 0;
}
