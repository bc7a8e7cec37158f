/**
 * @module
 * A track's key as its tags spell it, turned into a Camelot code: key names ("F#m", "Bb", "A minor",
 * "Dbmaj"), Camelot codes ("8A") and Open Key codes ("1m", "6d") all occur in DJ libraries.
 *
 * @example
 * ```ts
 * camelotFromTag("F#m"); // "11A"
 * camelotFromTag("1m"); // "8A"
 * camelotFromTag("nonsense"); // null
 * ```
 */
import { camelotCode, parseCamelot } from "../../shared/analysis/camelot.ts";

const PITCH_CLASSES: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
const KEY_NAME = /^([A-G])([#♯b♭]?)\s*(m|min|minor|maj|major|dur|moll)?$/i;
const OPEN_KEY = /^(1[0-2]|[1-9])\s*([md])$/i;
/** Tags are free text; anything longer is not a key. */
const MAX_TAG_LENGTH = 16;

/** The Camelot code a key tag names, or null when it names none. */
export function camelotFromTag(tag: string | null | undefined): string | null {
  const text = tag?.trim() ?? "";
  if (!text || text.length > MAX_TAG_LENGTH) return null;
  if (parseCamelot(text)) return text.toUpperCase();
  const open = OPEN_KEY.exec(text);
  if (open) {
    // Open Key n sits five steps before Camelot n on the same wheel: 1m = 8A, 6d = 1B.
    const number = ((Number(open[1]) + 6) % 12) + 1;
    return `${number}${open[2].toLowerCase() === "m" ? "A" : "B"}`;
  }
  const name = KEY_NAME.exec(text);
  if (!name) return null;
  const letter = name[1].toUpperCase();
  const accidental = name[2] === "#" || name[2] === "♯" ? 1 : name[2] === "b" || name[2] === "♭" ? -1 : 0;
  const quality = name[3]?.toLowerCase() ?? "";
  // Libraries write minor as a lone "m" ("Fm"); a bare letter is major.
  const minor = quality === "m" || quality === "min" || quality === "minor" || quality === "moll";
  const tonic = (PITCH_CLASSES[letter] + accidental + 12) % 12;
  return camelotCode({ tonic, mode: minor ? "minor" : "major" });
}
