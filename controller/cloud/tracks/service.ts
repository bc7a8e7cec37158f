/**
 * @module
 * The cloud track library as a `run` service: it opens the track cache (`cloud.cacheDir`, by default
 * `~/.mixera_cache/cloud`) and hands the engine API a {@link CloudTracks} that reaches the portal through
 * the cloud link (or answers `not_linked` on a controller that is not linked).
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Engine } from "../../engine/types.ts";
import { type ServiceKey, serviceKey, type ServiceStarter } from "../../service.ts";
import { CloudState } from "../cloud_state.ts";
import { CLOUD_LINK } from "../service.ts";
import { CloudTrackLibrary } from "./cloud_tracks.ts";
import { TrackPageCache } from "./page_cache.ts";
import { CloudTrackCache } from "./track_cache.ts";
import type { CloudTracks } from "./types.ts";

export const CLOUD_TRACKS = serviceKey<CloudTracks>("cloud-tracks");

/** The cache directory a configuration names: its own, or `~/.mixera_cache/cloud`. */
export function cloudCacheDir(configured: string | null, home = homedir()): string {
  if (configured === null) return join(home, ".mixera_cache", "cloud");
  return configured === "~" || configured.startsWith("~/")
    ? join(home, configured.slice(1))
    : resolve(configured);
}

/** Needs the (lock-gated) engine the API drives, provided under `engine`. */
export function cloudTracksStarter(engine: ServiceKey<Engine>): ServiceStarter {
  return {
    name: "cloud-tracks",
    enabled: (config) => config.engine.enabled && config.api.enabled,
    start({ config, logger, store, use, provide }) {
      const dir = cloudCacheDir(config.cloud.cacheDir);
      const state = new CloudState(store);
      const library = new CloudTrackLibrary({
        portal: use(CLOUD_LINK),
        isLocked: () => state.locked(),
        engine: use(engine),
        cache: new CloudTrackCache({ db: store.db, dir, maxBytes: config.cloud.cacheMaxBytes }),
        pages: new TrackPageCache(store.db, config.cloud.listFreshMs),
        logger,
        downloadIdleTimeoutMs: config.cloud.downloadIdleTimeoutMs,
      });
      provide(CLOUD_TRACKS, library);
      return Promise.resolve({
        name: "cloud-tracks",
        endpoints: [`cloud tracks: cache ${dir}`],
        stop: () => Promise.resolve(),
      });
    },
  };
}
