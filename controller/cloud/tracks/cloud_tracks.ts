/**
 * @module
 * The cloud track library on a linked controller: browsing and searching the owner's cloud tracks through
 * the device cloud API (answers cached, see page_cache.ts), their metadata (cached with the files, see
 * track_cache.ts) and `load_cloud_track`: download unless cached (in a Worker, resumable, checked against
 * the SHA-256), then load onto the deck with the track's cue points as hot cues. A cached track loads
 * without any network. Every portal answer is parsed with the shared device cloud schemas.
 */
import { basename } from "node:path";
import type { z } from "zod";
import {
  DEVICE_CLOUD_SEARCH_PATH,
  DEVICE_CLOUD_TRACKS_PATH,
  deviceCloudDownloadPath,
  deviceCloudMetadataPath,
  type TrackDownload,
  TrackDownloadSchema,
  type TrackListPage,
  TrackListPageSchema,
  type TrackMetadata,
  TrackMetadataSchema,
} from "../../../shared/cloud/device_cloud.ts";
import { type DeckId, type Engine, EngineError } from "../../engine/types.ts";
import type { Logger } from "../../log/logger.ts";
import { CloudRequestError, type CloudResponse } from "../http_client.ts";
import { LOCKED_MESSAGE } from "../lock_gate.ts";
import { DownloadError, type DownloadJob, type DownloadResult, downloadTrack } from "./downloader.ts";
import { CloudTrackError, portalRefusal } from "./errors.ts";
import type { TrackPageCache } from "./page_cache.ts";
import type { CloudTrackCache } from "./track_cache.ts";
import type { CloudLoadStatus, CloudSearch, CloudTrackList, CloudTrackLoaded, CloudTracks } from "./types.ts";

/** Sends a device API call with the session headers (the cloud link's `call`). */
export interface PortalCaller {
  call(method: "GET", path: string): Promise<CloudResponse>;
}

export interface CloudTrackLibraryOptions {
  /** Null when the controller is not linked to an account. */
  portal: PortalCaller | null;
  isLocked: () => boolean;
  engine: Engine;
  cache: CloudTrackCache;
  pages: TrackPageCache;
  logger: Logger;
  downloadIdleTimeoutMs: number;
  download?: (job: DownloadJob) => Promise<DownloadResult>;
}

const NOT_LINKED =
  "this controller is not linked to a MIXERA account (run `mixera-controller link --portal URL`)";

export class CloudTrackLibrary implements CloudTracks {
  readonly #options: CloudTrackLibraryOptions;
  /** Downloads running now, by track: a second load of the same track waits for the first. */
  readonly #downloads = new Map<string, Promise<void>>();
  /** Tracks being loaded right now: pinned like the ones on a deck. */
  readonly #loading = new Map<string, number>();

  constructor(options: CloudTrackLibraryOptions) {
    this.#options = options;
  }

  list(limit: number, offset: number): Promise<CloudTrackList> {
    const params = new URLSearchParams({ limit: String(limit), offset: String(offset) });
    return this.#page(`${DEVICE_CLOUD_TRACKS_PATH}?${params}`);
  }

  search(search: CloudSearch): Promise<CloudTrackList> {
    const params = new URLSearchParams();
    for (const key of ["q", "genre", "bpmMin", "bpmMax", "limit"] as const) {
      if (search[key] !== undefined) params.set(key, String(search[key]));
    }
    return this.#page(`${DEVICE_CLOUD_SEARCH_PATH}?${params}`);
  }

  /** The portal's metadata, cached; the cached copy answers when the portal is out of reach. */
  async metadata(trackId: string): Promise<TrackMetadata> {
    this.#checkAllowed();
    try {
      return await this.#fetchMetadata(trackId);
    } catch (error) {
      const cached = this.#options.cache.metadata(trackId);
      if (error instanceof CloudTrackError && error.code === "network_down" && cached) return cached;
      throw error;
    }
  }

  async load(
    deck: DeckId,
    trackId: string,
    onStatus: (status: CloudLoadStatus) => void,
  ): Promise<CloudTrackLoaded> {
    this.#checkAllowed();
    const { cache, engine, logger } = this.#options;
    this.#loading.set(trackId, (this.#loading.get(trackId) ?? 0) + 1);
    try {
      let metadata = cache.cachedFile(trackId) ? cache.metadata(trackId) : null;
      const cached = metadata !== null;
      if (!metadata) {
        metadata = await this.#fetchMetadata(trackId);
        await this.#ensureDownloaded(metadata, onStatus);
      }
      const path = cache.cachedFile(trackId);
      if (!path) throw new CloudTrackError("network_down", `the download of ${trackId} did not complete`);
      onStatus({ status: "loading" });
      const cues = [...metadata.cuePoints].sort((a, b) => a.time - b.time).map((cue) => cue.time);
      const cloud = {
        bpm: metadata.bpm,
        key: metadata.key,
        genre: metadata.genre,
        beatgrid: metadata.beatgrid,
        loops: metadata.loops,
      };
      await engine.load(deck, path, { cues, cloudTrackId: trackId, cloud }).catch((error) => {
        if (error instanceof EngineError && error.message === LOCKED_MESSAGE) {
          throw new CloudTrackError("locked", LOCKED_MESSAGE);
        }
        throw error;
      });
      cache.touch(trackId);
      logger.info("cloud", "cloud track loaded", { deck, trackId, cached });
      return {
        trackId,
        deck,
        filename: displayFilename(metadata, path),
        title: metadata.title,
        artist: metadata.artist,
        path,
        cached,
        cuePoints: metadata.cuePoints,
        loops: metadata.loops,
        beatgrid: metadata.beatgrid,
      };
    } finally {
      const left = (this.#loading.get(trackId) ?? 1) - 1;
      if (left > 0) this.#loading.set(trackId, left);
      else this.#loading.delete(trackId);
    }
  }

  #checkAllowed(): void {
    if (!this.#options.portal) throw new CloudTrackError("not_linked", NOT_LINKED);
    if (this.#options.isLocked()) throw new CloudTrackError("locked", LOCKED_MESSAGE);
  }

  async #page(query: string): Promise<CloudTrackList> {
    this.#checkAllowed();
    const { pages } = this.#options;
    const cached = pages.get(query);
    if (cached && pages.isFresh(cached)) return listOf(cached.page, "cache");
    try {
      const page = await this.#get(query, TrackListPageSchema);
      pages.put(query, page);
      return listOf(page, "cloud");
    } catch (error) {
      if (error instanceof CloudTrackError && error.code === "network_down" && cached) {
        return listOf(cached.page, "cache");
      }
      if (error instanceof CloudTrackError && REVOKING.has(error.code)) pages.clear();
      throw error;
    }
  }

  async #fetchMetadata(trackId: string): Promise<TrackMetadata> {
    const metadata = await this.#get(deviceCloudMetadataPath(trackId), TrackMetadataSchema, trackId);
    if (metadata.id !== trackId) {
      throw new CloudTrackError(
        "portal_error",
        `asked for track ${trackId}, the portal answered ${metadata.id}`,
      );
    }
    this.#options.cache.remember(metadata);
    return metadata;
  }

  /** One GET through the cloud link, its answer checked against `schema`; failures become CloudTrackErrors. */
  async #get<T extends z.ZodType>(path: string, schema: T, trackId?: string): Promise<z.infer<T>> {
    let response: CloudResponse;
    try {
      response = await this.#options.portal!.call("GET", path);
    } catch (error) {
      if (error instanceof CloudRequestError) {
        throw new CloudTrackError("network_down", `the portal cannot be reached: ${error.message}`);
      }
      throw new CloudTrackError("portal_error", `the portal request failed: ${(error as Error).message}`);
    }
    if (response.status !== 200) throw portalRefusal(response, trackId);
    const parsed = schema.safeParse(response.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CloudTrackError(
        "portal_error",
        `the portal's answer to ${path.split("?")[0]} does not fit its schema at ${
          issue?.path.join(".") || "(root)"
        }: ${issue?.message}`,
      );
    }
    return parsed.data;
  }

  /** Downloads a track unless cached (one download per track at a time); resolves once the file is in place. */
  async #ensureDownloaded(
    metadata: TrackMetadata,
    onStatus: (status: CloudLoadStatus) => void,
  ): Promise<void> {
    const running = this.#downloads.get(metadata.id);
    if (running) {
      onStatus({ status: "downloading", percent: 0 });
      await running;
      return;
    }
    const download = this.#download(metadata, onStatus);
    this.#downloads.set(metadata.id, download);
    try {
      await download;
    } finally {
      this.#downloads.delete(metadata.id);
    }
  }

  async #download(metadata: TrackMetadata, onStatus: (status: CloudLoadStatus) => void): Promise<void> {
    const { cache, logger } = this.#options;
    const evicted = cache.makeRoom(metadata.sizeBytes, this.#pinned());
    if (evicted.length) logger.info("cloud", "evicted cloud tracks to make room", { evicted });
    let lastPercent = -1;
    const report = (received: number, size: number) => {
      const percent = size === 0 ? 100 : Math.floor((received / size) * 100);
      if (percent === lastPercent) return;
      lastPercent = percent;
      onStatus({ status: "downloading", percent });
    };
    report(0, metadata.sizeBytes);
    // A signed URL can expire between handing it out and using it: one fresh URL is worth a try.
    for (let attempt = 0;; attempt++) {
      const link = await this.#get(deviceCloudDownloadPath(metadata.id), TrackDownloadSchema, metadata.id);
      checkDownloadMatches(link, metadata);
      try {
        const result = await (this.#options.download ?? downloadTrack)({
          url: link.url,
          partPath: cache.partPath(metadata),
          filePath: cache.filePath(metadata),
          sizeBytes: link.sizeBytes,
          sha256: link.sha256,
          idleTimeoutMs: this.#options.downloadIdleTimeoutMs,
          onProgress: report,
        });
        cache.markCached(metadata.id);
        logger.info("cloud", "cloud track downloaded", { trackId: metadata.id, ...result });
        return;
      } catch (error) {
        if (!(error instanceof DownloadError)) throw error;
        if (error.failure === "url_refused" && attempt === 0) continue;
        if (error.failure === "checksum_mismatch") {
          throw new CloudTrackError("checksum_mismatch", error.message);
        }
        if (error.failure === "network_down") throw new CloudTrackError("network_down", error.message);
        throw new CloudTrackError("portal_error", error.message);
      }
    }
  }

  /** Tracks that must stay cached: the ones on a deck and the ones being loaded. */
  #pinned(): Set<string> {
    const { cache, engine } = this.#options;
    const pinned = new Set(this.#loading.keys());
    for (const deck of engine.status()) {
      const path = deck.track?.path;
      if (path?.startsWith(cache.dir + "/")) pinned.add(basename(path).replace(/\..*$/, ""));
    }
    return pinned;
  }
}

/** Refusals that mean this controller may no longer see what it saw: the cached answers go. */
const REVOKING = new Set(["not_linked", "cloud_access_off"]);

function listOf(page: TrackListPage, source: CloudTrackList["source"]): CloudTrackList {
  return {
    tracks: page.items,
    count: page.items.length,
    total: page.total,
    limit: page.limit,
    offset: page.offset,
    source,
  };
}

function checkDownloadMatches(link: TrackDownload, metadata: TrackMetadata): void {
  if (link.sha256 !== metadata.sha256 || link.sizeBytes !== metadata.sizeBytes) {
    throw new CloudTrackError(
      "portal_error",
      `the download of ${metadata.id} does not match its metadata (size or checksum differ)`,
    );
  }
}

/** `<title>.<format>`, with the characters a file name cannot carry replaced. */
function displayFilename(metadata: TrackMetadata, path: string): string {
  const title = [...metadata.title].map((c) => (c === "/" || c === "\\" || c < " " ? "_" : c)).join("")
    .trim();
  return title ? `${title}.${metadata.format}` : basename(path);
}
