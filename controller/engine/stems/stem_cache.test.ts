import { afterEach, describe, expect, it } from "bun:test";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../testing/support.ts";
import { MAX_INDEX_BYTES, StemCache } from "./stem_cache.ts";
import { parseStemFile, StemFileError, writeStemFile } from "./stem_file.ts";
import { type Stems, type StemTier, stereoOf } from "./stem_set.ts";

const META = {
  path: "/music/a.wav",
  title: "A",
  artist: null,
  album: null,
  format: "wav" as const,
  sourceSampleRate: 44100,
  channels: 2,
};
const hash = (n: number) => n.toString(16).padStart(64, "0");

let dirs: { path: string; remove(): void }[] = [];
afterEach(() => {
  for (const dir of dirs) dir.remove();
  dirs = [];
});
function cacheDir(): string {
  const dir = tempDir("stem-cache-");
  dirs.push(dir);
  return dir.path;
}

/** Puts a fake stem file of `bytes` bytes in the cache and records it. */
function store(cache: StemCache, uid: string, n: number, tier: StemTier, bytes: number): void {
  writeFileSync(cache.fileOf(hash(n), tier), new Uint8Array(bytes));
  expect(cache.add(uid, `/music/${uid}.wav`, { hash: hash(n), tier, bytes, durationSec: 1, meta: META }))
    .toBe(true);
}

describe("stem file", () => {
  it("round-trips, and its four 16-bit stems add up to the 16-bit mix exactly", () => {
    const frames = 70_000;
    const mix = { sampleRate: 48000, channels: stereoOf(frames) };
    const stems = [stereoOf(frames), stereoOf(frames), stereoOf(frames), stereoOf(frames)] as Stems;
    for (let i = 0; i < frames; i++) {
      for (let c = 0; c < 2; c++) {
        stems[0][c][i] = 0.3 * Math.sin(i * 0.01 + c);
        stems[1][c][i] = 0.2 * Math.sin(i * 0.13);
        stems[2][c][i] = 0.1 * Math.cos(i * 0.002);
        stems[3][c][i] = 0.05 * Math.sin(i * 0.7);
        mix.channels[c][i] = stems[0][c][i] + stems[1][c][i] + stems[2][c][i] + stems[3][c][i];
      }
    }
    const path = join(cacheDir(), "x.stems");
    const bytes = writeStemFile(path, mix, stems, META, 882);
    const file = parseStemFile(new Uint8Array(readFileSync(path)));
    expect(bytes).toBe(readFileSync(path).length);
    expect(file).toMatchObject({ sampleRate: 48000, frames, meta: META, framesPerPoint: 882 });
    expect(file.peaks.length).toBe(Math.ceil(frames / 882));
    const firstPeak = Math.max(
      ...mix.channels.flatMap((channel) => [...channel.subarray(0, 882)].map(Math.abs)),
    );
    expect(file.peaks[0]).toBeCloseTo(firstPeak, 5);
    let mismatches = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < frames; i++) {
        const sum = file.stems.reduce((total, stem) => total + stem[c][i], 0);
        if (sum !== Math.round(mix.channels[c][i] * 32768)) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
    expect(file.stems[0][0][100]).toBe(Math.round(stems[0][0][100] * 32768));
  });

  it("refuses truncated, foreign and inconsistent files", () => {
    const path = join(cacheDir(), "y.stems");
    const mix = { sampleRate: 44100, channels: stereoOf(100) };
    writeStemFile(path, mix, [stereoOf(100), stereoOf(100), stereoOf(100), stereoOf(100)], META, 10);
    const bytes = new Uint8Array(readFileSync(path));
    expect(() => parseStemFile(bytes.subarray(0, bytes.length - 2))).toThrow(StemFileError);
    expect(() => parseStemFile(new Uint8Array(10))).toThrow("too short");
    const foreign = bytes.slice();
    foreign[0] = 0x52;
    expect(() => parseStemFile(foreign)).toThrow("not a MIXERA stem file");
    const huge = bytes.slice();
    new DataView(huge.buffer).setUint32(28, 1 << 30, true);
    expect(() => parseStemFile(huge)).toThrow("tags");
    const lying = bytes.slice();
    new DataView(lying.buffer).setUint32(36, 11, true);
    expect(() => parseStemFile(lying)).toThrow("peaks");
  });
});

describe("StemCache", () => {
  it("survives a restart: uids, entries and sizes come back", () => {
    const dir = cacheDir();
    const cache = StemCache.open(dir, 10_000);
    store(cache, "t1", 1, "enhanced", 1000);
    const reopened = StemCache.open(dir, 10_000);
    expect(reopened.lookup("t1", "enhanced")).toMatchObject({ hash: hash(1), tier: "enhanced", bytes: 1000 });
    expect(reopened.stats()).toEqual({ bytes: 1000, maxBytes: 10_000, entries: 1, tracks: 1 });
  });

  it("evicts the least recently used files beyond the cap", () => {
    let clock = 0;
    const cache = StemCache.open(cacheDir(), 2500, () => ++clock);
    store(cache, "old", 1, "simple", 1000);
    store(cache, "used", 2, "simple", 1000);
    cache.touch(hash(1), "simple");
    store(cache, "new", 3, "simple", 1000);
    expect(cache.lookup("used", "simple")).toBeNull();
    expect(existsSync(cache.fileOf(hash(2), "simple"))).toBe(false);
    expect(cache.lookup("old", "simple")).not.toBeNull();
    expect(cache.lookup("new", "simple")).not.toBeNull();
    expect(cache.stats().bytes).toBe(2000);
  });

  it("refuses a single separation larger than the cap", () => {
    const cache = StemCache.open(cacheDir(), 64 * 1024 * 1024);
    writeFileSync(cache.fileOf(hash(9), "simple"), new Uint8Array(10));
    expect(
      cache.add("big", "/b.wav", {
        hash: hash(9),
        tier: "simple",
        bytes: 65 * 1024 * 1024,
        durationSec: 1,
        meta: META,
      }),
    ).toBe(false);
    expect(cache.stats().entries).toBe(0);
  });

  it("prefers the asked tier, else the best one cached", () => {
    const cache = StemCache.open(cacheDir(), 100_000);
    store(cache, "t", 1, "simple", 10);
    store(cache, "t", 1, "enhanced", 10);
    expect(cache.lookup("t", "simple")?.tier).toBe("simple");
    expect(cache.lookup("t", "demucs")?.tier).toBe("enhanced");
    expect(cache.lookup("unknown", "simple")).toBeNull();
  });

  it("clears one uid (every tier) or everything", () => {
    const cache = StemCache.open(cacheDir(), 100_000);
    store(cache, "a", 1, "simple", 10);
    store(cache, "a", 1, "enhanced", 20);
    store(cache, "b", 2, "simple", 30);
    expect(cache.clear("a")).toEqual({ removedBytes: 30, entries: 2 });
    expect(existsSync(cache.fileOf(hash(1), "simple"))).toBe(false);
    expect(cache.lookup("b", "simple")).not.toBeNull();
    expect(cache.clear()).toEqual({ removedBytes: 30, entries: 1 });
    expect(cache.stats()).toMatchObject({ bytes: 0, entries: 0, tracks: 0 });
  });

  it("deletes leftover stem files on open but never other files", () => {
    const dir = cacheDir();
    writeFileSync(join(dir, `${hash(5)}.enhanced.stems.tmp`), "half");
    writeFileSync(join(dir, "notes.txt"), "mine");
    StemCache.open(dir, 10_000);
    expect(existsSync(join(dir, `${hash(5)}.enhanced.stems.tmp`))).toBe(false);
    expect(existsSync(join(dir, "notes.txt"))).toBe(true);
  });

  it("starts empty from a damaged or oversized index", () => {
    const dir = cacheDir();
    writeFileSync(join(dir, "index.json"), "{not json");
    expect(StemCache.open(dir, 10_000).stats().entries).toBe(0);
    writeFileSync(join(dir, "index.json"), " ".repeat(MAX_INDEX_BYTES + 1));
    expect(StemCache.open(dir, 10_000).stats().entries).toBe(0);
  });
});
