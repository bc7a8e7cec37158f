/**
 * @module
 * The engine's stem service: the separation queue, the cache it fills, and loading cached stems onto a
 * deck. The engine API's stem commands call this; the engine mounts the {@link StemTrack} it builds.
 */
import { readFile } from "node:fs/promises";
import type { Logger } from "../../log/logger.ts";
import { type DeckId, EngineError, type StemService, type TrackInfo } from "../types.ts";
import { StemCache } from "./stem_cache.ts";
import { stemPath } from "./stem_controls.ts";
import type { StemEvent } from "./stem_events.ts";
import { parseStemFile, StemFileError } from "./stem_file.ts";
import { StemQueue } from "./stem_queue.ts";
import type { StemTier } from "./stem_set.ts";
import { StemTrack } from "./stem_track.ts";

export type { StemService };

export interface StemOptions {
  /** Directory of the stem cache (created when missing). */
  cacheDir: string;
  /** Bytes the cache may hold; least recently used stems are evicted beyond it. */
  cacheMaxBytes: number;
  /** Tier of new jobs until `stem_algo` changes it. */
  tier: StemTier;
  /** Separation jobs running at once (default 1). */
  concurrency?: number;
  /** Path of an HTDemucs ONNX export; null when none is installed. */
  demucsModel: string | null;
  /** Input length for a model with a dynamic one. */
  demucsSegmentFrames?: number;
  /** Overrides for tests: how a separation Worker starts, which onnxruntime package the check loads. */
  spawnWorker?: () => Promise<Worker>;
  runtimePackage?: string;
}

/** What `stem_load` mounts on a deck. */
export interface LoadedStems {
  uid: string;
  tier: StemTier;
  track: StemTrack;
  info: TrackInfo;
  /** The mix's waveform peaks, one per `framesPerPoint` frames. */
  peaks: Float32Array;
  framesPerPoint: number;
}

/** How the engine lets the service put stems on its decks. */
export interface StemDecks {
  /** Claims the deck for a load; the result says whether no newer load (of a track or stems) came since. */
  claim(deck: DeckId): () => boolean;
  mount(deck: DeckId, stems: LoadedStems): void;
  /** Writes a mixer-tree value; refused writes say why. */
  setValue(path: string, value: unknown): { ok: boolean; error?: string };
}

/** Opens the cache and the queue. */
export function openStemService(
  options: StemOptions,
  logger: Logger,
  emit: (event: StemEvent) => void,
  decks: StemDecks,
): StemService {
  const cache = StemCache.open(options.cacheDir, options.cacheMaxBytes);
  const queue = new StemQueue({
    cache,
    tier: options.tier,
    logger,
    emit,
    demucsModel: options.demucsModel,
    demucsSegmentFrames: options.demucsSegmentFrames,
    concurrency: options.concurrency,
    spawn: options.spawnWorker,
    runtimePackage: options.runtimePackage,
  });
  return {
    separate: (uid, path) => queue.separate(uid, path),
    status: () => queue.status(),
    setTier(tier) {
      queue.tier = tier;
    },
    clearCache: (uid) => cache.clear(uid),
    demucsCheck: () => queue.demucsCheck(),
    async load(deck, uid) {
      const entry = cache.lookup(uid, queue.tier);
      if (!entry) {
        throw new EngineError(`no stems are cached for ${JSON.stringify(uid)}: run stem_separate first`);
      }
      const current = decks.claim(deck);
      const path = cache.fileOf(entry.hash, entry.tier);
      const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
        throw new EngineError(`cannot read the stems of ${uid}: ${error.code ?? error.message}`);
      });
      let file;
      try {
        file = parseStemFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch (error) {
        if (!(error instanceof StemFileError)) throw error;
        throw new EngineError(
          `the cached stems of ${uid} are damaged (${error.message}): clear them and separate again`,
        );
      }
      if (!current()) {
        throw new EngineError(`loading the stems of ${uid} on deck ${deck} was replaced by a newer load`);
      }
      cache.touch(entry.hash, entry.tier);
      const { meta } = file;
      const info: TrackInfo = {
        path: meta.path,
        title: meta.title,
        artist: meta.artist,
        album: meta.album,
        format: meta.format,
        sourceSampleRate: meta.sourceSampleRate,
        channels: meta.channels,
      };
      decks.mount(deck, {
        uid,
        tier: entry.tier,
        track: new StemTrack(file.sampleRate, file.stems),
        info,
        peaks: file.peaks,
        framesPerPoint: file.framesPerPoint,
      });
      return { tier: entry.tier, durationSec: file.frames / file.sampleRate };
    },
    setControl(deck, stem, control, value) {
      const result = decks.setValue(`${stemPath(deck, stem)}/${control}`, value);
      if (!result.ok) {
        throw new EngineError(`cannot set ${stem} ${control} on deck ${deck}: ${result.error ?? "refused"}`);
      }
    },
    close: () => queue.close(),
  };
}
