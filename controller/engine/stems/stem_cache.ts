/**
 * @module
 * The stem cache on disk: one file per separated track and tier, named by the SHA-256 of the track's bytes
 * (the same song under two names or paths is separated once), and `index.json`, which maps the API's track
 * uids to those hashes and remembers when each file was last used. The index is written after every change
 * (to a temporary file, then renamed), so the cache survives restarts; files over the size cap are evicted,
 * least recently used first. Only the main thread writes the index; the separation Worker only writes
 * stem files, under names this module hands out.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import type { StemFileMeta } from "./stem_file.ts";
import { isStemTier, STEM_TIERS, type StemTier } from "./stem_set.ts";

const INDEX_FILE = "index.json";
/** An index far larger than any real one is refused rather than parsed. */
export const MAX_INDEX_BYTES = 16 * 1024 * 1024;
const HASH = /^[0-9a-f]{64}$/;
/** Files of this cache that no index entry names: only these are ever deleted from the directory. */
const LEFTOVER = /^([0-9a-f]{64}\.[a-z]+\.stems(\.tmp)?|index\.json\.tmp)$/;
/** Track uids as the API accepts them. */
export const UID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export interface CacheEntry {
  hash: string;
  tier: StemTier;
  bytes: number;
  usedMs: number;
  durationSec: number;
  meta: StemFileMeta;
}

interface IndexFile {
  version: 1;
  tracks: Record<string, { hash: string; path: string }>;
  entries: CacheEntry[];
}

export interface CacheStats {
  bytes: number;
  maxBytes: number;
  entries: number;
  tracks: number;
}

export function stemFileName(hash: string, tier: StemTier): string {
  return `${hash}.${tier}.stems`;
}

function isEntry(value: unknown): value is CacheEntry {
  const entry = value as CacheEntry;
  return typeof entry === "object" && entry !== null && typeof entry.hash === "string" &&
    HASH.test(entry.hash) && typeof entry.tier === "string" && isStemTier(entry.tier) &&
    Number.isFinite(entry.bytes) && Number.isFinite(entry.usedMs) && Number.isFinite(entry.durationSec) &&
    typeof entry.meta === "object" && entry.meta !== null && typeof entry.meta.path === "string";
}

export class StemCache {
  readonly #tracks = new Map<string, { hash: string; path: string }>();
  readonly #entries = new Map<string, CacheEntry>();

  private constructor(readonly dir: string, readonly maxBytes: number, readonly now: () => number) {}

  /**
   * Opens (or creates) the cache in `dir`. Entries whose file is gone are dropped, and stem files the
   * index does not name (a separation cut short by a crash) are deleted; other files are left alone.
   */
  static open(dir: string, maxBytes: number, now: () => number = Date.now): StemCache {
    mkdirSync(dir, { recursive: true });
    const cache = new StemCache(dir, maxBytes, now);
    cache.#load();
    const known = new Set([
      INDEX_FILE,
      ...[...cache.#entries.values()].map((e) => stemFileName(e.hash, e.tier)),
    ]);
    for (const name of readdirSync(dir)) {
      if (!known.has(name) && LEFTOVER.test(name)) rmSync(join(dir, name), { force: true });
    }
    cache.#evict(null);
    cache.#save();
    return cache;
  }

  #load(): void {
    const path = join(this.dir, INDEX_FILE);
    if (!existsSync(path) || statSync(path).size > MAX_INDEX_BYTES) return;
    let parsed: IndexFile;
    try {
      parsed = JSON.parse(readFileSync(path, "utf8"));
    } catch {
      return;
    }
    if (parsed?.version !== 1 || !Array.isArray(parsed.entries)) return;
    for (const entry of parsed.entries) {
      if (isEntry(entry) && existsSync(this.fileOf(entry.hash, entry.tier))) {
        this.#entries.set(stemFileName(entry.hash, entry.tier), entry);
      }
    }
    for (const [uid, track] of Object.entries(parsed.tracks ?? {})) {
      if (UID_PATTERN.test(uid) && typeof track?.hash === "string" && HASH.test(track.hash)) {
        this.#tracks.set(uid, { hash: track.hash, path: String(track.path) });
      }
    }
  }

  #save(): void {
    const index: IndexFile = {
      version: 1,
      tracks: Object.fromEntries(this.#tracks),
      entries: [...this.#entries.values()],
    };
    const path = join(this.dir, INDEX_FILE);
    writeFileSync(`${path}.tmp`, JSON.stringify(index));
    renameSync(`${path}.tmp`, path);
  }

  /** Where the stems of a track with this hash and tier live (or will). */
  fileOf(hash: string, tier: StemTier): string {
    return join(this.dir, stemFileName(hash, tier));
  }

  has(hash: string, tier: StemTier): boolean {
    return this.#entries.has(stemFileName(hash, tier));
  }

  /**
   * Records a finished separation of `uid` and evicts old files beyond the cap. Returns false when this
   * file alone is larger than the cap (it is deleted again).
   */
  add(uid: string, path: string, entry: Omit<CacheEntry, "usedMs">): boolean {
    const key = stemFileName(entry.hash, entry.tier);
    this.#entries.set(key, { ...entry, usedMs: this.now() });
    this.#tracks.set(uid, { hash: entry.hash, path });
    this.#evict(key);
    const fits = entry.bytes <= this.maxBytes;
    if (!fits) this.#remove(key);
    this.#save();
    return fits;
  }

  /** Links `uid` to a hash whose stems are already cached (the same track under another uid). */
  link(uid: string, path: string, hash: string, tier: StemTier): void {
    this.#tracks.set(uid, { hash, path });
    this.touch(hash, tier);
  }

  touch(hash: string, tier: StemTier): void {
    const entry = this.#entries.get(stemFileName(hash, tier));
    if (entry) entry.usedMs = this.now();
    this.#save();
  }

  /**
   * The cached stems of `uid`: in `tier` when cached, otherwise in the best tier that is (demucs, then
   * enhanced, then simple). Null when nothing is cached for it.
   */
  lookup(uid: string, tier: StemTier): CacheEntry | null {
    const track = this.#tracks.get(uid);
    if (!track) return null;
    const order = [tier, ...[...STEM_TIERS].reverse().filter((t) => t !== tier)];
    for (const candidate of order) {
      const entry = this.#entries.get(stemFileName(track.hash, candidate));
      if (entry) return entry;
    }
    return null;
  }

  /** Deletes the stems of `uid` (every tier), or the whole cache without a uid. */
  clear(uid?: string): { removedBytes: number; entries: number } {
    let removedBytes = 0, entries = 0;
    const hash = uid === undefined ? null : this.#tracks.get(uid)?.hash;
    for (const [key, entry] of [...this.#entries]) {
      if (hash === null || entry.hash === hash) {
        removedBytes += entry.bytes;
        entries++;
        this.#remove(key);
      }
    }
    if (uid === undefined) this.#tracks.clear();
    else {
      for (const [other, track] of [...this.#tracks]) {
        if (track.hash === hash || other === uid) this.#tracks.delete(other);
      }
    }
    this.#save();
    return { removedBytes, entries };
  }

  stats(): CacheStats {
    let bytes = 0;
    for (const entry of this.#entries.values()) bytes += entry.bytes;
    return { bytes, maxBytes: this.maxBytes, entries: this.#entries.size, tracks: this.#tracks.size };
  }

  #remove(key: string): void {
    const entry = this.#entries.get(key);
    if (!entry) return;
    this.#entries.delete(key);
    rmSync(this.fileOf(entry.hash, entry.tier), { force: true });
  }

  /** Evicts least recently used files (never `keep`) until the cache fits its cap. */
  #evict(keep: string | null): void {
    let bytes = this.stats().bytes;
    const byAge = [...this.#entries].filter(([key]) => key !== keep).sort((a, b) =>
      a[1].usedMs - b[1].usedMs
    );
    for (const [key, entry] of byAge) {
      if (bytes <= this.maxBytes) break;
      bytes -= entry.bytes;
      this.#remove(key);
    }
  }
}
