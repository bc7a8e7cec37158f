/**
 * @module
 * How well one track mixes into the next: the tempo step (also at half and double time; ≤ 2 % is
 * seamless, ≤ 6 % a normal pitch ride, more is a hard change) and the Camelot relation (same key,
 * one step round the wheel, relative major/minor, diagonal, an energy boost of +2 or +7, or a clash),
 * each with a score and the words the plan shows.
 */

export type TempoStep = "seamless" | "normal" | "hard" | "unknown";

export interface TempoRelation {
  step: TempoStep;
  /** Relative change after the best of ×1, ×½, ×2, as a fraction. */
  change: number;
  /** How the tempo is matched: straight, half or double time. */
  ratio: 1 | 0.5 | 2;
}

export function tempoRelation(from: number | null, to: number | null): TempoRelation {
  if (from === null || to === null || from <= 0 || to <= 0) return { step: "unknown", change: 1, ratio: 1 };
  const options = ([1, 0.5, 2] as const).map((ratio) => ({
    ratio,
    change: Math.abs(to * ratio - from) / from,
  }));
  const best = options.reduce((a, b) => (b.change < a.change - 1e-9 ? b : a));
  const step = best.change <= 0.02 ? "seamless" : best.change <= 0.06 ? "normal" : "hard";
  return { step, change: best.change, ratio: best.ratio };
}

export type KeyRelation = "same" | "adjacent" | "relative" | "diagonal" | "boost" | "clash" | "unknown";

export const KEY_SCORE: Record<KeyRelation, number> = {
  same: 1,
  adjacent: 0.9,
  relative: 0.9,
  diagonal: 0.6,
  boost: 0.5,
  clash: 0,
  unknown: 0.3,
};

function parseCamelot(code: string | null): { number: number; letter: string } | null {
  const match = code ? /^(1[0-2]|[1-9])([AB])$/.exec(code) : null;
  return match ? { number: Number(match[1]), letter: match[2] } : null;
}

/** The relation from `from` to `to`; diagonals count only when `diagonals` is on (DJs disagree). */
export function keyRelation(from: string | null, to: string | null, diagonals = false): KeyRelation {
  const a = parseCamelot(from);
  const b = parseCamelot(to);
  if (!a || !b) return "unknown";
  const step = (b.number - a.number + 12) % 12; // clockwise steps, 0..11
  const sameLetter = a.letter === b.letter;
  if (step === 0) return sameLetter ? "same" : "relative";
  if (sameLetter && (step === 1 || step === 11)) return "adjacent";
  if (!sameLetter && (step === 1 || step === 11)) return diagonals ? "diagonal" : "clash";
  if (sameLetter && (step === 2 || step === 7)) return "boost";
  return "clash";
}

const KEY_WORDS: Record<KeyRelation, string> = {
  same: "same key",
  adjacent: "one step round the Camelot wheel",
  relative: "relative major/minor",
  diagonal: "diagonal on the wheel",
  boost: "energy-boost key change",
  clash: "keys clash",
  unknown: "key unknown",
};

/** The words for one transition, e.g. "+1.5 BPM (1.2 %, seamless) · 8A → 9A, one step round the wheel · energy 5 → 6". */
export function describeTransition(
  from: { bpm: number | null; keyCamelot: string | null; energy: number | null },
  to: { bpm: number | null; keyCamelot: string | null; energy: number | null },
  diagonals = false,
): string {
  const tempo = tempoRelation(from.bpm, to.bpm);
  const parts: string[] = [];
  if (tempo.step === "unknown") parts.push("tempo unknown");
  else {
    const delta = to.bpm! * tempo.ratio - from.bpm!;
    const sign = delta >= 0 ? "+" : "−";
    const timing = tempo.ratio === 1 ? "" : tempo.ratio === 0.5 ? ", at half time" : ", at double time";
    parts.push(
      `${sign}${Math.abs(delta).toFixed(1)} BPM (${
        (tempo.change * 100).toFixed(1)
      } %, ${tempo.step}${timing})`,
    );
  }
  const key = keyRelation(from.keyCamelot, to.keyCamelot, diagonals);
  parts.push(
    key === "unknown" ? KEY_WORDS.unknown : `${from.keyCamelot} → ${to.keyCamelot}, ${KEY_WORDS[key]}`,
  );
  if (from.energy !== null && to.energy !== null) {
    const trend = to.energy > from.energy ? "up" : to.energy < from.energy ? "down" : "held";
    parts.push(`energy ${from.energy} → ${to.energy} (${trend})`);
  }
  return parts.join(" · ");
}
