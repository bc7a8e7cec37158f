/**
 * @module
 * Harmonic mixing on the Camelot wheel: a track mixes well into its own key, the keys one step either
 * way on the wheel (same letter), and its relative major/minor (same number, other letter).
 */

/** A Camelot code: 1–12 followed by A (minor) or B (major). */
export const CAMELOT_CODES: readonly string[] = Array.from(
  { length: 12 },
  (_, i) => [`${i + 1}A`, `${i + 1}B`],
)
  .flat();

/**
 * The codes that mix harmonically with `code` (itself first), or [] for something that is not a code.
 *
 * @example
 * camelotNeighbours("8A"); // ["8A", "7A", "9A", "8B"]
 * camelotNeighbours("12B"); // ["12B", "11B", "1B", "12A"]
 */
export function camelotNeighbours(code: string): string[] {
  const match = /^(1[0-2]|[1-9])([AB])$/.exec(code.trim().toUpperCase());
  if (!match) return [];
  const number = Number(match[1]);
  const letter = match[2];
  const step = (delta: number) => ((number - 1 + delta + 12) % 12) + 1;
  return [
    `${number}${letter}`,
    `${step(-1)}${letter}`,
    `${step(1)}${letter}`,
    `${number}${letter === "A" ? "B" : "A"}`,
  ];
}
