/**
 * @module
 * The typed commands of the engine API (TCP 5555 and its WebSocket bridge) and their parser: one text line in,
 * one {@link Command} or a parse error out. No I/O here, so the parser is fuzzed on its own.
 */
import {
  DEFAULT_PAGE_LIMIT,
  MAX_PAGE_LIMIT,
  MAX_PAGE_OFFSET,
  TrackIdSchema,
  TrackSearchQuerySchema,
} from "../../shared/cloud/device_cloud.ts";
import type { CloudSearch } from "../cloud/tracks/types.ts";
import type { DeckId } from "../engine/types.ts";
import { UID_PATTERN } from "../engine/stems/stem_cache.ts";
import {
  isStemTier,
  STEM_NAMES,
  STEM_TIERS,
  type StemName,
  type StemTier,
} from "../engine/stems/stem_set.ts";

export const MAX_COMMAND_LINE_BYTES = 4096;
export const DEFAULT_WAVEFORM_POINTS = 2000;
export const MAX_WAVEFORM_POINTS = 20_000;
export const LOG_TYPES = ["audio", "effects", "hardware", "analysis", "all"] as const;
export type LogType = typeof LOG_TYPES[number];
export const TEMPO_RANGES = [8, 16, 50] as const;

export type TransportCommand = { cmd: "play" | "pause" | "stop" | "loop_off"; deck: DeckId };

export type Command =
  | TransportCommand
  | { cmd: "load_track"; deck: DeckId; path: string }
  | { cmd: "seek"; deck: DeckId; seconds: number }
  | { cmd: "tempo"; deck: DeckId; percent: number }
  | { cmd: "tempo_range"; deck: DeckId; range: 8 | 16 | 50 }
  | { cmd: "cue_set" | "cue_jump"; deck: DeckId; cue: number }
  | { cmd: "loop"; deck: DeckId; startSec: number; endSec: number }
  | { cmd: "ping" }
  | { cmd: "get_deck_status" }
  | { cmd: "get_waveform"; deck: DeckId; points: number }
  | { cmd: "set_log"; type: LogType; enabled: boolean }
  | { cmd: "stem_separate"; uid: string; path: string }
  | { cmd: "stem_status" }
  | { cmd: "stem_load"; deck: DeckId; uid: string }
  | { cmd: "stem_algo"; tier: StemTier }
  | { cmd: "stem_clear_cache"; uid: string | null }
  | { cmd: "demucs_check" }
  | { cmd: "stem_level"; deck: DeckId; stem: StemName; db: number }
  | { cmd: "stem_mute"; deck: DeckId; stem: StemName; muted: boolean }
  | { cmd: "cloud_list_tracks"; limit: number; offset: number }
  | { cmd: "cloud_get_metadata"; trackId: string }
  | { cmd: "cloud_search_tracks"; search: CloudSearch }
  | { cmd: "load_cloud_track"; deck: DeckId; trackId: string };

export type ParseResult =
  | { ok: true; command: Command }
  | { ok: false; message: string; cmd?: string };

interface Token {
  text: string;
  /** Offset of the token's first character in the line (the opening quote for a quoted token). */
  start: number;
  quoted: boolean;
}

/** Splits on blanks; `"…"` and `'…'` group words, and `\` escapes the next character inside double quotes. */
export function tokenize(line: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && isBlank(line[i])) i++;
    if (i >= line.length) break;
    const start = i;
    const quote = line[i];
    if (quote === '"' || quote === "'") {
      let text = "";
      i++;
      while (i < line.length && line[i] !== quote) {
        if (quote === '"' && line[i] === "\\" && i + 1 < line.length) i++;
        text += line[i++];
      }
      if (i >= line.length) return `unterminated ${quote} quote starting at character ${start + 1}`;
      i++;
      if (i < line.length && !isBlank(line[i])) {
        return `expected a blank after the closing quote at character ${i}`;
      }
      tokens.push({ text, start, quoted: true });
    } else {
      while (i < line.length && !isBlank(line[i])) i++;
      tokens.push({ text: line.slice(start, i), start, quoted: false });
    }
  }
  return tokens;
}

function isBlank(c: string): boolean {
  return c === " " || c === "\t";
}

const fail = (message: string, cmd?: string): ParseResult => ({ ok: false, message, cmd });

function parseDeck(text: string | undefined): DeckId | string {
  if (text === undefined) return "missing <deck> (0-3)";
  if (!/^[0-3]$/.test(text)) return `expected a deck 0-3, got ${JSON.stringify(text.slice(0, 32))}`;
  return Number(text) as DeckId;
}

function parseNumber(text: string | undefined, name: string): number | string {
  if (text === undefined) return `missing <${name}>`;
  const value = /^[+-]?(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  return Number.isFinite(value)
    ? value
    : `expected a number for <${name}>, got ${JSON.stringify(text.slice(0, 32))}`;
}

function parseIndex(text: string | undefined, name: string, max: number): number | string {
  if (text === undefined) return `missing <${name}>`;
  if (!/^\d{1,6}$/.test(text) || Number(text) > max) {
    return `expected <${name}> to be an integer 0-${max}, got ${JSON.stringify(text.slice(0, 32))}`;
  }
  return Number(text);
}

/** Argument counts (least, most) of every command the API implements, by name. */
export const ARG_COUNTS: Record<string, [number, number]> = {
  play: [1, 1],
  pause: [1, 1],
  stop: [1, 1],
  loop_off: [1, 1],
  load_track: [2, 2],
  seek: [2, 2],
  tempo: [2, 2],
  tempo_range: [2, 2],
  cue_set: [2, 2],
  cue_jump: [2, 2],
  loop: [3, 3],
  ping: [0, 0],
  get_deck_status: [0, 0],
  get_waveform: [1, 2],
  set_log: [2, 2],
  stem_separate: [2, 2],
  stem_status: [0, 0],
  stem_load: [2, 2],
  stem_algo: [1, 1],
  stem_clear_cache: [0, 1],
  demucs_check: [0, 0],
  stem_level: [3, 3],
  stem_mute: [3, 3],
  load_cloud_track: [2, 2],
  cloud_list_tracks: [0, 2],
  cloud_get_metadata: [1, 1],
  cloud_search_tracks: [5, 5],
};

/** Parses one command line (without its newline). */
export function parseCommand(line: string): ParseResult {
  if (line.length > MAX_COMMAND_LINE_BYTES) {
    return fail(`command longer than ${MAX_COMMAND_LINE_BYTES} bytes`);
  }
  const tokens = tokenize(line);
  if (typeof tokens === "string") return fail(tokens);
  if (tokens.length === 0) return fail("empty command");
  const name = tokens[0].text;
  const counts = Object.hasOwn(ARG_COUNTS, name) ? ARG_COUNTS[name] : undefined;
  if (!counts) return fail(`unknown command ${JSON.stringify(name.slice(0, 32))}`);
  const args = tokens.slice(1);
  // An unquoted path may contain blanks: everything after the deck (or uid) is the path.
  if ((name === "load_track" || name === "stem_separate") && args.length >= 2 && !args[1].quoted) {
    args.splice(1, args.length - 1, {
      text: line.slice(args[1].start).trimEnd(),
      start: args[1].start,
      quoted: false,
    });
  }
  if (args.length < counts[0] || args.length > counts[1]) {
    const expected = counts[0] === counts[1] ? `${counts[0]}` : `${counts[0]}-${counts[1]}`;
    return fail(`${name} takes ${expected} argument(s), got ${args.length}`, name);
  }
  const result = parseArguments(name, args.map((a) => a.text));
  return typeof result === "string" ? fail(`${name}: ${result}`, name) : { ok: true, command: result };
}

function parseUid(text: string): string | null {
  return UID_PATTERN.test(text) ? text : null;
}

const UID_RULE = "1-128 letters, digits or ._:- starting with a letter or digit";

/** Null when `text` is a track id the portal could have issued, else what is wrong with it. */
function parseTrackId(text: string): string | null {
  return TrackIdSchema.safeParse(text).success
    ? null
    : `expected a <trackId> of 1-64 letters, digits, - or _, got ${JSON.stringify(text.slice(0, 32))}`;
}

/** `-` and `*` stand for "any" in every filter of `cloud_search_tracks`. */
const ANY = new Set(["-", "*"]);

/** `<query> <genre> <bpmMin> <bpmMax> <limit>`, checked with the device cloud API's own query schema. */
function parseCloudSearch(args: string[]): Command | string {
  const [q, genre, bpmMin, bpmMax, limit] = args.map((arg) => ANY.has(arg) || arg === "" ? undefined : arg);
  const parsed = TrackSearchQuerySchema.safeParse(
    Object.fromEntries(
      Object.entries({ q, genre, bpmMin, bpmMax, limit }).filter(([, v]) => v !== undefined),
    ),
  );
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "q");
    return `<${field === "q" ? "query" : field}>: ${issue.message}`;
  }
  const { q: query, genre: genreFilter, bpmMin: min, bpmMax: max, limit: count } = parsed.data;
  return {
    cmd: "cloud_search_tracks",
    search: { q: query, genre: genreFilter, bpmMin: min, bpmMax: max, limit: count },
  };
}

function parseArguments(name: string, args: string[]): Command | string {
  switch (name) {
    case "ping":
    case "get_deck_status":
    case "stem_status":
    case "demucs_check":
      return { cmd: name };
    case "stem_separate": {
      const uid = parseUid(args[0]);
      if (uid === null) return `expected a <uid> of ${UID_RULE}, got ${JSON.stringify(args[0].slice(0, 32))}`;
      return args[1].length === 0 ? "empty <path>" : { cmd: "stem_separate", uid, path: args[1] };
    }
    case "stem_algo":
      return isStemTier(args[0])
        ? { cmd: "stem_algo", tier: args[0] }
        : `expected ${STEM_TIERS.join(", ")}, got ${JSON.stringify(args[0].slice(0, 32))}`;
    case "stem_clear_cache": {
      if (args[0] === undefined) return { cmd: "stem_clear_cache", uid: null };
      const uid = parseUid(args[0]);
      return uid === null
        ? `expected a <uid> of ${UID_RULE}, got ${JSON.stringify(args[0].slice(0, 32))}`
        : { cmd: "stem_clear_cache", uid };
    }
    case "cloud_list_tracks": {
      const limit = args[0] === undefined ? DEFAULT_PAGE_LIMIT : parseIndex(args[0], "limit", MAX_PAGE_LIMIT);
      if (typeof limit === "string") return limit;
      if (limit === 0) return "<limit> must be at least 1";
      const offset = args[1] === undefined ? 0 : parseIndex(args[1], "offset", MAX_PAGE_OFFSET);
      return typeof offset === "string" ? offset : { cmd: "cloud_list_tracks", limit, offset };
    }
    case "cloud_get_metadata": {
      const trackId = parseTrackId(args[0]);
      return trackId ?? { cmd: "cloud_get_metadata", trackId: args[0] };
    }
    case "cloud_search_tracks":
      return parseCloudSearch(args);
    case "set_log": {
      const type = args[0] as LogType;
      if (!LOG_TYPES.includes(type)) {
        return `expected a log type (${LOG_TYPES.join(", ")}), got ${JSON.stringify(args[0].slice(0, 32))}`;
      }
      if (args[1] !== "0" && args[1] !== "1") {
        return `expected 0 or 1, got ${JSON.stringify(args[1].slice(0, 32))}`;
      }
      return { cmd: "set_log", type, enabled: args[1] === "1" };
    }
  }
  const deck = parseDeck(args[0]);
  if (typeof deck === "string") return deck;
  switch (name) {
    case "play":
    case "pause":
    case "stop":
    case "loop_off":
      return { cmd: name, deck };
    case "load_track":
      return args[1].length === 0 ? "empty <path>" : { cmd: "load_track", deck, path: args[1] };
    case "stem_level":
    case "stem_mute": {
      const stem = args[1] as StemName;
      if (!STEM_NAMES.includes(stem)) {
        return `expected a stem (${STEM_NAMES.join(", ")}), got ${JSON.stringify(args[1].slice(0, 32))}`;
      }
      if (name === "stem_mute") {
        if (args[2] !== "0" && args[2] !== "1") {
          return `expected 0 or 1, got ${JSON.stringify(args[2].slice(0, 32))}`;
        }
        return { cmd: "stem_mute", deck, stem, muted: args[2] === "1" };
      }
      const db = parseNumber(args[2], "dB");
      return typeof db === "string" ? db : { cmd: "stem_level", deck, stem, db };
    }
    case "load_cloud_track": {
      const trackId = parseTrackId(args[1]);
      return trackId ?? { cmd: "load_cloud_track", deck, trackId: args[1] };
    }
    case "stem_load": {
      const uid = parseUid(args[1]);
      if (uid === null) return `expected a <uid> of ${UID_RULE}, got ${JSON.stringify(args[1].slice(0, 32))}`;
      return { cmd: "stem_load", deck, uid };
    }
    case "seek": {
      const seconds = parseNumber(args[1], "seconds");
      if (typeof seconds === "string") return seconds;
      return seconds < 0 ? "<seconds> must not be negative" : { cmd: "seek", deck, seconds };
    }
    case "tempo": {
      const percent = parseNumber(args[1], "percent");
      return typeof percent === "string" ? percent : { cmd: "tempo", deck, percent };
    }
    case "tempo_range": {
      const range = Number(args[1]);
      if (!(TEMPO_RANGES as readonly number[]).includes(range) || !/^\d+$/.test(args[1])) {
        return `expected a range of 8, 16 or 50, got ${JSON.stringify(args[1].slice(0, 32))}`;
      }
      return { cmd: "tempo_range", deck, range: range as 8 | 16 | 50 };
    }
    case "cue_set":
    case "cue_jump": {
      const cue = parseIndex(args[1], "cue", 99);
      return typeof cue === "string" ? cue : { cmd: name, deck, cue };
    }
    case "loop": {
      const startSec = parseNumber(args[1], "start");
      if (typeof startSec === "string") return startSec;
      const endSec = parseNumber(args[2], "end");
      if (typeof endSec === "string") return endSec;
      if (startSec < 0 || endSec <= startSec) return "expected 0 <= <start> < <end>";
      return { cmd: "loop", deck, startSec, endSec };
    }
    case "get_waveform": {
      if (args[1] === undefined) return { cmd: "get_waveform", deck, points: DEFAULT_WAVEFORM_POINTS };
      const points = parseIndex(args[1], "points", MAX_WAVEFORM_POINTS);
      if (typeof points === "string") return points;
      return points === 0 ? "<points> must be at least 1" : { cmd: "get_waveform", deck, points };
    }
  }
  return `unknown command ${name}`;
}
