import { describe, expect, it } from "bun:test";
import fc from "fast-check";
import {
  type Command,
  DEFAULT_WAVEFORM_POINTS,
  MAX_COMMAND_LINE_BYTES,
  parseCommand,
  tokenize,
} from "./command.ts";

const ok = (line: string): Command => {
  const result = parseCommand(line);
  if (!result.ok) throw new Error(`expected ${line} to parse, got: ${result.message}`);
  return result.command;
};
const error = (line: string): string => {
  const result = parseCommand(line);
  if (result.ok) throw new Error(`expected ${line} to fail, got ${JSON.stringify(result.command)}`);
  return result.message;
};

describe("parseCommand", () => {
  it("parses the core commands", () => {
    expect(ok("play 0")).toEqual({ cmd: "play", deck: 0 });
    expect(ok("pause 3")).toEqual({ cmd: "pause", deck: 3 });
    expect(ok("stop 1")).toEqual({ cmd: "stop", deck: 1 });
    expect(ok("ping")).toEqual({ cmd: "ping" });
    expect(ok("get_deck_status")).toEqual({ cmd: "get_deck_status" });
    expect(ok("get_waveform 2")).toEqual({ cmd: "get_waveform", deck: 2, points: DEFAULT_WAVEFORM_POINTS });
    expect(ok("get_waveform 2 800")).toEqual({ cmd: "get_waveform", deck: 2, points: 800 });
    expect(ok("set_log all 0")).toEqual({ cmd: "set_log", type: "all", enabled: false });
    expect(ok("set_log analysis 1")).toEqual({ cmd: "set_log", type: "analysis", enabled: true });
  });

  it("parses the transport extensions", () => {
    expect(ok("seek 0 12.5")).toEqual({ cmd: "seek", deck: 0, seconds: 12.5 });
    expect(ok("tempo 1 -6.5")).toEqual({ cmd: "tempo", deck: 1, percent: -6.5 });
    expect(ok("tempo_range 1 16")).toEqual({ cmd: "tempo_range", deck: 1, range: 16 });
    expect(ok("cue_set 2 3")).toEqual({ cmd: "cue_set", deck: 2, cue: 3 });
    expect(ok("cue_jump 2 3")).toEqual({ cmd: "cue_jump", deck: 2, cue: 3 });
    expect(ok("loop 3 1.5 9")).toEqual({ cmd: "loop", deck: 3, startSec: 1.5, endSec: 9 });
    expect(ok("loop_off 3")).toEqual({ cmd: "loop_off", deck: 3 });
  });

  it("accepts quoted paths, escaped quotes and unquoted paths with spaces", () => {
    expect(ok('load_track 0 "/music/My Track.mp3"')).toEqual({
      cmd: "load_track",
      deck: 0,
      path: "/music/My Track.mp3",
    });
    expect(ok("load_track 1 '/music/It\"s.wav'")).toEqual({
      cmd: "load_track",
      deck: 1,
      path: '/music/It"s.wav',
    });
    expect(ok('load_track 1 "/a \\"b\\" \\\\c.flac"')).toEqual({
      cmd: "load_track",
      deck: 1,
      path: '/a "b" \\c.flac',
    });
    expect(ok("load_track 2 /music/My Track.mp3  ")).toEqual({
      cmd: "load_track",
      deck: 2,
      path: "/music/My Track.mp3",
    });
    expect(ok("  play\t0 ")).toEqual({ cmd: "play", deck: 0 });
  });

  it("parses the cloud track commands with the seed's argument syntax", () => {
    expect(ok("load_cloud_track 0 67980ec71648c734b60d9c06")).toEqual({
      cmd: "load_cloud_track",
      deck: 0,
      trackId: "67980ec71648c734b60d9c06",
    });
    expect(ok("cloud_list_tracks 50 0")).toEqual({ cmd: "cloud_list_tracks", limit: 50, offset: 0 });
    expect(ok("cloud_list_tracks")).toEqual({ cmd: "cloud_list_tracks", limit: 50, offset: 0 });
    expect(ok("cloud_list_tracks 20")).toEqual({ cmd: "cloud_list_tracks", limit: 20, offset: 0 });
    expect(ok("cloud_get_metadata track-123")).toEqual({ cmd: "cloud_get_metadata", trackId: "track-123" });
    expect(ok("cloud_search_tracks house Techno 120 135 20")).toEqual({
      cmd: "cloud_search_tracks",
      search: { q: "house", genre: "Techno", bpmMin: 120, bpmMax: 135, limit: 20 },
    });
  });

  it("takes quoted search terms and - or * for any filter", () => {
    expect(ok('cloud_search_tracks "deep house" * - 127.5 10')).toEqual({
      cmd: "cloud_search_tracks",
      search: { q: "deep house", genre: undefined, bpmMin: undefined, bpmMax: 127.5, limit: 10 },
    });
    expect(ok("cloud_search_tracks - - - - -")).toEqual({
      cmd: "cloud_search_tracks",
      search: { q: undefined, genre: undefined, bpmMin: undefined, bpmMax: undefined, limit: 50 },
    });
  });

  it("refuses bad cloud arguments, naming the argument", () => {
    expect(error("load_cloud_track 0 ../etc/passwd")).toMatch(/<trackId>/);
    expect(error("load_cloud_track 4 abc")).toMatch(/deck 0-3/);
    expect(error("cloud_get_metadata a/b")).toMatch(/<trackId>/);
    expect(error("cloud_list_tracks 0")).toMatch(/<limit> must be at least 1/);
    expect(error("cloud_list_tracks 201")).toMatch(/<limit>/);
    expect(error("cloud_list_tracks 10 -1")).toMatch(/<offset>/);
    expect(error("cloud_search_tracks house Techno 135 120 20")).toMatch(
      /<bpmMin>: bpmMin must not be above/,
    );
    expect(error("cloud_search_tracks house Techno fast - 20")).toMatch(/<bpmMin>: expected a BPM/);
    expect(error("cloud_search_tracks house Techno - - 0")).toMatch(/<limit>/);
    expect(error("cloud_search_tracks house Techno")).toMatch(/takes 5 argument/);
    expect(error(`cloud_search_tracks "${"x".repeat(201)}" - - - 10`)).toMatch(/<query>/);
  });

  it("parses the stem commands", () => {
    expect(ok("stem_separate track-1 /music/My Track.mp3")).toEqual({
      cmd: "stem_separate",
      uid: "track-1",
      path: "/music/My Track.mp3",
    });
    expect(ok('stem_separate a:b "/x y.wav"')).toEqual({
      cmd: "stem_separate",
      uid: "a:b",
      path: "/x y.wav",
    });
    expect(ok("stem_status")).toEqual({ cmd: "stem_status" });
    expect(ok("stem_load 3 track-1")).toEqual({ cmd: "stem_load", deck: 3, uid: "track-1" });
    expect(ok("stem_algo demucs")).toEqual({ cmd: "stem_algo", tier: "demucs" });
    expect(ok("stem_clear_cache")).toEqual({ cmd: "stem_clear_cache", uid: null });
    expect(ok("stem_clear_cache t1")).toEqual({ cmd: "stem_clear_cache", uid: "t1" });
    expect(ok("demucs_check")).toEqual({ cmd: "demucs_check" });
    expect(ok("stem_level 2 drums -6.5")).toEqual({ cmd: "stem_level", deck: 2, stem: "drums", db: -6.5 });
    expect(ok("stem_mute 0 vocals 1")).toEqual({ cmd: "stem_mute", deck: 0, stem: "vocals", muted: true });
  });

  it("refuses bad stem arguments", () => {
    expect(error("stem_separate ../etc /a.wav")).toContain("expected a <uid>");
    expect(error(`stem_separate ${"u".repeat(129)} /a.wav`)).toContain("expected a <uid>");
    expect(error("stem_separate t1")).toContain("takes 2 argument");
    expect(error("stem_algo spleeter")).toContain("simple, enhanced, demucs");
    expect(error("stem_load 4 t1")).toContain("expected a deck");
    expect(error("stem_load 0 a/b")).toContain("expected a <uid>");
    expect(error("stem_clear_cache a b")).toContain("takes 0-1 argument");
    expect(error("stem_status now")).toContain("takes 0 argument");
    expect(error("stem_mute 0 piano 1")).toContain("expected a stem (vocals, drums, bass, other)");
    expect(error("stem_mute 0 bass on")).toContain("0 or 1");
    expect(error("stem_level 0 bass loud")).toContain("expected a number");
  });

  it("rejects bad input with a message that says what was expected", () => {
    expect(error("")).toBe("empty command");
    expect(error("dance 0")).toContain("unknown command");
    expect(error("toString")).toContain("unknown command");
    expect(error("play")).toContain("takes 1 argument");
    expect(error("play 4")).toContain("expected a deck 0-3");
    expect(error("play 0 1")).toContain("takes 1 argument");
    expect(error("seek 0 abc")).toContain("expected a number");
    expect(error("seek 0 -1")).toContain("must not be negative");
    expect(error("seek 0 Infinity")).toContain("expected a number");
    expect(error("tempo_range 0 10")).toContain("8, 16 or 50");
    expect(error("loop 0 5 2")).toContain("<start> < <end>");
    expect(error("get_waveform 0 0")).toContain("at least 1");
    expect(error("get_waveform 0 9999999")).toContain("integer");
    expect(error("set_log video 1")).toContain("log type");
    expect(error("set_log audio yes")).toContain("0 or 1");
    expect(error('load_track 0 "/never closed')).toContain("unterminated");
    expect(error('load_track 0 ""')).toContain("empty <path>");
    expect(error("x".repeat(MAX_COMMAND_LINE_BYTES + 1))).toContain("longer than");
  });

  it("never throws and always answers, whatever the line (fuzz)", () => {
    const alphabet = fc.constantFrom(..."play 0123 \"'\\\tload_track seek-.e".split(""));
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), fc.string({ unit: alphabet, maxLength: 60 }), fc.string({ unit: "binary" })),
        (line) => {
          const result = parseCommand(line);
          return result.ok ? typeof result.command.cmd === "string" : result.message.length > 0;
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("round-trips any path through the quoting a client does", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 200 }).filter((p) => !p.includes("\n")), (path) => {
        const quoted = `"${path.replaceAll("\\", "\\\\").replaceAll('"', '\\"')}"`;
        const command = ok(`load_track 0 ${quoted}`);
        return command.cmd === "load_track" && command.path === path;
      }),
      { numRuns: 1000 },
    );
  });
});

describe("tokenize", () => {
  it("records where each token starts", () => {
    expect(tokenize(`a  "b c" d`)).toEqual([
      { text: "a", start: 0, quoted: false },
      { text: "b c", start: 3, quoted: true },
      { text: "d", start: 9, quoted: false },
    ]);
  });
});
