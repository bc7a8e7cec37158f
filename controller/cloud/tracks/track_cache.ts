/**
 * @module
 * The local copies of cloud tracks: files `<dir>/<trackId>.<format>` (a download in progress is
 * `<trackId>.<format>.part` beside it) and their index in the controller's bun:sqlite store (table
 * `cloud_tracks`: the track's metadata, its checksum, whether the file is complete, when it was last
 * used). Metadata stays indexed after its file is evicted, so `cloud_get_metadata` answers offline.
 * The files obey a size cap with least-recently-used eviction; a track on a deck is never evicted.
 */
import type { Database } from "bun:sqlite";
import { mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  AUDIO_FORMATS,
  type TrackMetadata,
  TrackMetadataSchema,
} from "../../../shared/cloud/device_cloud.ts";
import { CloudTrackError } from "./errors.ts";

export interface CloudTrackCacheOptions {
  db: Database;
  dir: string;
  maxBytes: number;
  now?: () => number;
}

interface Row {
  track_id: string;
  metadata: string;
  format: string;
  size_bytes: number;
  sha256: string;
  cached: number;
  last_used_ms: number;
}

const PART_SUFFIX = ".part";
const CACHE_FILE_NAME = new RegExp(`^[A-Za-z0-9_-]{1,64}\\.(${AUDIO_FORMATS.join("|")})(\\.part)?$`);

export class CloudTrackCache {
  readonly dir: string;
  readonly maxBytes: number;
  readonly #db: Database;
  readonly #now: () => number;

  constructor(options: CloudTrackCacheOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes;
    this.#db = options.db;
    this.#now = options.now ?? Date.now;
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.#reconcile();
  }

  /** The file name of a complete copy. Track ids are letters, digits, `-` and `_` only (the shared schema). */
  filePath(metadata: Pick<TrackMetadata, "id" | "format">): string {
    return join(this.dir, `${metadata.id}.${metadata.format}`);
  }

  partPath(metadata: Pick<TrackMetadata, "id" | "format">): string {
    return this.filePath(metadata) + PART_SUFFIX;
  }

  metadata(trackId: string): TrackMetadata | null {
    const row = this.#row(trackId);
    return row ? TrackMetadataSchema.parse(JSON.parse(row.metadata)) : null;
  }

  /** The complete local copy of a track, or null (never downloaded, evicted, or its file went missing). */
  cachedFile(trackId: string): string | null {
    const row = this.#row(trackId);
    if (!row?.cached) return null;
    const path = this.filePath({ id: row.track_id, format: row.format as TrackMetadata["format"] });
    if (statSync(path, { throwIfNoEntry: false })?.size === row.size_bytes) return path;
    this.#setCached(trackId, false);
    return null;
  }

  /**
   * Records what the portal says about a track. A changed file (another checksum or format) makes the
   * old copy and any partial download worthless, so they go.
   */
  remember(metadata: TrackMetadata): void {
    const old = this.#row(metadata.id);
    const fileChanged = old !== null && (old.sha256 !== metadata.sha256 || old.format !== metadata.format);
    if (fileChanged) this.#removeFiles(old);
    this.#db.query(
      `INSERT INTO cloud_tracks (track_id, metadata, format, size_bytes, sha256, cached, last_used_ms)
       VALUES ($id, $metadata, $format, $size, $sha256, 0, $now)
       ON CONFLICT (track_id) DO UPDATE SET metadata = $metadata, format = $format, size_bytes = $size,
         sha256 = $sha256, cached = CASE WHEN $fileChanged THEN 0 ELSE cached END`,
    ).run({
      id: metadata.id,
      metadata: JSON.stringify(metadata),
      format: metadata.format,
      size: metadata.sizeBytes,
      sha256: metadata.sha256,
      now: this.#now(),
      fileChanged: fileChanged ? 1 : 0,
    });
  }

  /** Marks a track's file complete (its checksum matched and it was renamed into place). */
  markCached(trackId: string): void {
    this.#setCached(trackId, true);
    this.touch(trackId);
  }

  touch(trackId: string): void {
    this.#db.query("UPDATE cloud_tracks SET last_used_ms = ? WHERE track_id = ?").run(this.#now(), trackId);
  }

  /** Bytes the complete copies take. */
  usedBytes(): number {
    return this.#db.query<{ total: number | null }, []>(
      "SELECT SUM(size_bytes) AS total FROM cloud_tracks WHERE cached = 1",
    ).get()?.total ?? 0;
  }

  /**
   * Makes room for `bytes` more by evicting the least recently used copies, skipping `pinned` tracks
   * (the ones on a deck). Throws `cache_full` when even that cannot free enough. Returns the evicted ids.
   */
  makeRoom(bytes: number, pinned: ReadonlySet<string>): string[] {
    if (bytes > this.maxBytes) {
      throw new CloudTrackError(
        "cache_full",
        `the track (${bytes} bytes) is larger than the whole cloud cache (${this.maxBytes} bytes)`,
      );
    }
    let used = this.usedBytes();
    if (used + bytes <= this.maxBytes) return [];
    const candidates = this.#db.query<Row, []>(
      "SELECT * FROM cloud_tracks WHERE cached = 1 ORDER BY last_used_ms, track_id",
    ).all().filter((row) => !pinned.has(row.track_id));
    const evicted: string[] = [];
    for (const row of candidates) {
      if (used + bytes <= this.maxBytes) break;
      this.#removeFiles(row);
      this.#setCached(row.track_id, false);
      used -= row.size_bytes;
      evicted.push(row.track_id);
    }
    if (used + bytes > this.maxBytes) {
      throw new CloudTrackError(
        "cache_full",
        `the cloud cache is full of tracks that are on a deck (${used} of ${this.maxBytes} bytes)`,
      );
    }
    return evicted;
  }

  #row(trackId: string): Row | null {
    return this.#db.query<Row, [string]>("SELECT * FROM cloud_tracks WHERE track_id = ?").get(trackId);
  }

  #setCached(trackId: string, cached: boolean): void {
    this.#db.query("UPDATE cloud_tracks SET cached = ? WHERE track_id = ?").run(cached ? 1 : 0, trackId);
  }

  #removeFiles(row: Pick<Row, "track_id" | "format">): void {
    const names = { id: row.track_id, format: row.format as TrackMetadata["format"] };
    rmSync(this.filePath(names), { force: true });
    rmSync(this.partPath(names), { force: true });
  }

  /**
   * Cache files the index does not know (a factory reset wiped it) are deleted; indexed copies whose
   * file is gone are marked uncached. Only names this cache could have written are touched, so a cache
   * directory pointed at a folder with other files in it loses none of them.
   */
  #reconcile(): void {
    const rows = this.#db.query<Row, []>("SELECT * FROM cloud_tracks").all();
    const expected = new Set<string>();
    for (const row of rows) {
      const names = { id: row.track_id, format: row.format as TrackMetadata["format"] };
      expected.add(this.filePath(names));
      expected.add(this.partPath(names));
      if (row.cached) this.cachedFile(row.track_id);
    }
    for (const name of readdirSync(this.dir)) {
      const path = join(this.dir, name);
      if (CACHE_FILE_NAME.test(name) && !expected.has(path)) rmSync(path, { force: true });
    }
  }
}
