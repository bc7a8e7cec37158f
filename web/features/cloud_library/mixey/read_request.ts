/**
 * @module
 * Reads a set description in plain words ("90-minute warm-up, deep house, 118 to 124, end on a peak")
 * into a {@link SetRequest}: the length, a BPM range, a genre (matched against the genres of the
 * user's library, then against well-known genre names) and the energy shape. No language model: a
 * fixed vocabulary, so the same words always give the same request.
 */
import type { EnergyArc, SetRequest } from "./plan_types.ts";

export const MAX_PROMPT_CHARS = 500;
export const DEFAULT_SET_SECONDS = 60 * 60;
const MAX_SET_SECONDS = 12 * 60 * 60;

/** Genre names DJs use, so a genre missing from the library is recognised and reported. */
const KNOWN_GENRES = [
  "deep house",
  "tech house",
  "afro house",
  "progressive house",
  "house",
  "melodic techno",
  "techno",
  "minimal",
  "trance",
  "drum & bass",
  "drum and bass",
  "dnb",
  "dubstep",
  "disco",
  "nu disco",
  "garage",
  "hip hop",
  "breaks",
  "ambient",
  "electro",
];

/** A length phrase, removed before BPM are read so "90-minute" is not taken for 90 BPM. */
const DURATION_PHRASE = /(\d+(?:[.,]\d+)?)\s*-?\s*(?:h|hrs?|hours?|m|mins?|minutes?)\b/g;

const NUMBER_WORDS: Record<string, number> = { an: 1, a: 1, one: 1, two: 2, three: 3, four: 4, half: 0.5 };

function readDuration(text: string): number | null {
  const hoursAndMinutes =
    /(\d+(?:[.,]\d+)?)\s*-?\s*(?:h|hrs?|hours?)\b(?:\s*(?:and\s*)?(\d+)\s*-?\s*(?:m|mins?|minutes?)\b)?/
      .exec(text);
  if (hoursAndMinutes) {
    return Number(hoursAndMinutes[1].replace(",", ".")) * 3600 + Number(hoursAndMinutes[2] ?? 0) * 60;
  }
  const minutes = /(\d+(?:[.,]\d+)?)\s*-?\s*(?:m|mins?|minutes?)\b/.exec(text);
  if (minutes) return Number(minutes[1].replace(",", ".")) * 60;
  const wordHours = /\b(an|a|one|two|three|four)(?:\s+and\s+a\s+half)?\s*-?\s*hours?(?:\s+and\s+a\s+half)?\b/
    .exec(text);
  if (wordHours) return (NUMBER_WORDS[wordHours[1]] + (/and\s+a\s+half/.test(wordHours[0]) ? 0.5 : 0)) * 3600;
  if (/\bhalf\s+(?:an\s+)?hour\b/.test(text)) return 1800;
  return null;
}

function readBpm(text: string): { min: number; max: number } | null {
  const inRange = (n: number) => n >= 40 && n <= 250;
  const range = /\b(\d{2,3}(?:\.\d+)?)\s*(?:bpm\s*)?(?:-|–|to|and|…|\.\.)\s*(\d{2,3}(?:\.\d+)?)\s*(?:bpm)?/
    .exec(
      text,
    );
  if (range) {
    const [a, b] = [Number(range[1]), Number(range[2])];
    if (inRange(a) && inRange(b)) return { min: Math.min(a, b), max: Math.max(a, b) };
  }
  const single = /\b(\d{2,3}(?:\.\d+)?)\s*bpm\b/.exec(text) ?? /\bbpm\s*(\d{2,3}(?:\.\d+)?)\b/.exec(text);
  if (single && inRange(Number(single[1]))) {
    const bpm = Number(single[1]);
    return { min: bpm - 2, max: bpm + 2 };
  }
  return null;
}

function readGenre(text: string, libraryGenres: string[]): string | null {
  const byLength = (a: string, b: string) => b.length - a.length;
  const words = ` ${text.replace(/[^\p{L}\p{N}&]+/gu, " ")} `;
  for (const genre of [...libraryGenres].sort(byLength)) {
    const needle = genre.toLowerCase().replace(/[^\p{L}\p{N}&]+/gu, " ").trim();
    if (needle && words.includes(` ${needle} `)) return genre;
  }
  for (const genre of [...KNOWN_GENRES].sort(byLength)) {
    if (words.includes(` ${genre} `)) return genre;
  }
  return null;
}

function readArc(text: string): { arc: EnergyArc; endOnPeak: boolean; warmUp: boolean } {
  const warmUp = /\bwarm[\s-]?up\b|\bopening\b|\bopener\b/.test(text);
  const endOnPeak = /\bend(?:ing|s)?\s+(?:on|at|with|in)\s+(?:a\s+|the\s+)?(?:peak|high|banger)/.test(text) ||
    /\bpeak\s+(?:at|in)\s+the\s+end\b/.test(text) || /\bbuild(?:ing)?\s+to\s+(?:a\s+)?peak\b/.test(text);
  const falling =
    /\bfalling\b|\bcool(?:ing)?[\s-]?down\b|\bwind(?:ing)?[\s-]?down\b|\bcome[\s-]?down\b|\bclosing\b|\bafter[\s-]?hours?\b|\bdescending\b/
      .test(text);
  const rising = /\brising\b|\bbuild(?:ing|s)?\b|\bclimb(?:ing)?\b|\bramp(?:ing)?\s+up\b|\bascending\b/.test(
    text,
  );
  const peak = /\bpeak[\s-]?time\b|\bbangers?\b|\bhigh[\s-]energy\b/.test(text);
  if (falling && !rising && !endOnPeak) return { arc: "falling", endOnPeak, warmUp };
  if (rising || warmUp || endOnPeak) return { arc: "rising", endOnPeak, warmUp };
  if (peak) return { arc: "peak", endOnPeak, warmUp };
  return { arc: "steady", endOnPeak, warmUp };
}

function minutesText(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} h` : `${Math.round(seconds / 60)} minutes`;
}

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/**
 * @example
 * readSetRequest("90-minute warm-up, deep house, 118 to 124, end on a peak", ["Deep House", "Techno"]);
 * // { durationSeconds: 5400, bpmMin: 118, bpmMax: 124, genre: "Deep House", arc: "rising", endOnPeak: true, … }
 */
export function readSetRequest(prompt: string, libraryGenres: string[]): SetRequest {
  const text = prompt.slice(0, MAX_PROMPT_CHARS).toLowerCase();
  const duration = readDuration(text);
  const durationSeconds = Math.min(
    MAX_SET_SECONDS,
    Math.max(5 * 60, Math.round(duration ?? DEFAULT_SET_SECONDS)),
  );
  const bpm = readBpm(text.replace(DURATION_PHRASE, " "));
  const genre = readGenre(text, libraryGenres);
  const { arc, endOnPeak, warmUp } = readArc(text);
  const arcText = {
    rising: warmUp ? "a warm-up, energy rising" : "energy rising",
    falling: "energy falling",
    steady: "steady energy",
    peak: "peak-time energy throughout",
  }[arc] + (endOnPeak ? ", ending on a peak" : "");
  const parts = [
    `${minutesText(durationSeconds)}${duration === null ? " (no length given, so the default)" : ""}`,
    genre ? titleCase(genre) : "any genre",
    bpm ? `${bpm.min}–${bpm.max} BPM` : "any BPM",
    arcText,
  ];
  const title = [
    genre ? titleCase(genre) : null,
    warmUp ? "Warm-up" : arc === "falling" ? "Cool-down" : arc === "peak" ? "Peak Time" : "Set",
    `(${Math.round(durationSeconds / 60)} min)`,
  ].filter(Boolean).join(" ");
  return {
    durationSeconds,
    defaultDuration: duration === null,
    bpmMin: bpm?.min ?? null,
    bpmMax: bpm?.max ?? null,
    genre,
    arc,
    endOnPeak,
    warmUp,
    title,
    summary: parts.join(" · "),
  };
}
