/**
 * @module
 * The cloud track commands as the engine API sees them (`cloud_list_tracks`, `cloud_search_tracks`,
 * `cloud_get_metadata`, `load_cloud_track`), so the API depends on this contract and not on the portal
 * client, the cache or the downloader behind it.
 */
import type {
  Beatgrid,
  TrackMetadata,
  TrackSearchQuery,
  TrackSummary,
} from "../../../shared/cloud/device_cloud.ts";
import type { CuePoint, Loop } from "../../../shared/cloud/track_marks.ts";
import type { DeckId } from "../../engine/types.ts";

export interface CloudTrackList {
  tracks: TrackSummary[];
  /** Tracks on this page. */
  count: number;
  /** Tracks matching in all. */
  total: number;
  limit: number;
  offset: number;
  /** `cache` when the answer came from the local cache (fresh, or stale because the portal is out of reach). */
  source: "cloud" | "cache";
}

/** Search filters, already checked against the device cloud API's query schema (undefined = any). */
export type CloudSearch = Pick<TrackSearchQuery, "q" | "genre" | "bpmMin" | "bpmMax" | "limit">;

export type CloudLoadStatus =
  | { status: "downloading"; percent: number }
  | { status: "loading" };

export interface CloudTrackLoaded {
  trackId: string;
  deck: DeckId;
  /** A readable name for the track (`<title>.<format>`). */
  filename: string;
  title: string;
  artist: string | null;
  /** The cached file the deck plays. */
  path: string;
  /** True when no download was needed. */
  cached: boolean;
  cuePoints: CuePoint[];
  loops: Loop[];
  beatgrid: Beatgrid | null;
}

export interface CloudTracks {
  list(limit: number, offset: number): Promise<CloudTrackList>;
  search(search: CloudSearch): Promise<CloudTrackList>;
  metadata(trackId: string): Promise<TrackMetadata>;
  /** Downloads the track unless it is cached, then loads it onto `deck` with its cues; rejects with CloudTrackError. */
  load(deck: DeckId, trackId: string, onStatus: (status: CloudLoadStatus) => void): Promise<CloudTrackLoaded>;
}
