/**
 * @module
 * How the incoming track's key relates to the outgoing one on the Camelot wheel, after the pitch
 * change varispeed causes: the engine has no key lock, so a deck running +5.9 % sounds a semitone
 * higher (12·log2 of the speed ratio), which is seven steps round the wheel.
 *
 * @example
 * ```ts
 * camelotRelation("8A", "9A"); // "adjacent"
 * camelotRelation("8A", "8B"); // "relative"
 * effectiveCamelot("8A", 6); // "3A": A minor played 6 % fast sounds as B♭ minor
 * ```
 */
import { parseCamelot } from "../../shared/analysis/camelot.ts";
import type { CamelotRelation } from "../../shared/telemetry/mod.ts";

interface WheelPosition {
  number: number;
  letter: "A" | "B";
}

function wheel(code: string | null): WheelPosition | null {
  if (!code || !parseCamelot(code)) return null;
  const upper = code.trim().toUpperCase();
  return { number: Number(upper.slice(0, -1)), letter: upper.endsWith("A") ? "A" : "B" };
}

/** Steps from `from` to `to` clockwise round the twelve numbers (0..11). */
const clockwise = (from: number, to: number) => (((to - from) % 12) + 12) % 12;

/** Semitones a deck at `tempoPercent` is shifted by, to the nearest semitone. */
export function pitchShiftSemitones(tempoPercent: number): number {
  return Math.round(12 * Math.log2(1 + tempoPercent / 100)) || 0;
}

/** The key heard from a deck playing `code` at `tempoPercent` varispeed. */
export function effectiveCamelot(code: string | null, tempoPercent: number): string | null {
  const position = wheel(code);
  if (!position) return null;
  // One semitone up is a fifth's worth of steps: seven numbers clockwise.
  const number = ((position.number - 1 + 7 * pitchShiftSemitones(tempoPercent)) % 12 + 12) % 12 + 1;
  return `${number}${position.letter}`;
}

/**
 * Same key; relative major/minor (same number, other letter); adjacent (±1, same letter); diagonal
 * (±1, other letter); energy boost (+2 or +7, same letter); otherwise a clash. Unknown without both keys.
 */
export function camelotRelation(outgoing: string | null, incoming: string | null): CamelotRelation {
  const from = wheel(outgoing);
  const to = wheel(incoming);
  if (!from || !to) return "unknown";
  const steps = clockwise(from.number, to.number);
  const neighbour = steps === 1 || steps === 11;
  if (from.letter === to.letter) {
    if (steps === 0) return "same";
    if (neighbour) return "adjacent";
    if (steps === 2 || steps === 7) return "energy_boost";
    return "clash";
  }
  if (steps === 0) return "relative";
  return neighbour ? "diagonal" : "clash";
}
