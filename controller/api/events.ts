/**
 * @module
 * The events the API sends (one JSON object per line or WebSocket frame): the engine's own events plus
 * `cmd_ack`, `pong`, `deck_status`, `log_state`, the stem and cloud track answers and command errors (with a
 * `code` where a front end may branch on the reason), and the snake_case deck snapshot.
 */
import type { TrackMetadata } from "../../shared/cloud/device_cloud.ts";
import type { CloudLoadStatus, CloudTrackList, CloudTrackLoaded } from "../cloud/tracks/types.ts";
import type { DemucsReport } from "../engine/stems/demucs_check.ts";
import type { StemQueueStatus } from "../engine/stems/stem_events.ts";
import type { DeckId, DeckStatus, EngineEvent, StemTier, TrackInfo } from "../engine/types.ts";

export interface DeckStatusWire {
  id: DeckId;
  position_sec: number;
  total_sec: number;
  playing: boolean;
  tempo_percent: number;
  tempo_range: 8 | 16 | 50;
  loop: { start_sec: number; end_sec: number } | null;
  loading: boolean;
  track: TrackInfoWire | null;
  stems: { uid: string; tier: StemTier } | null;
}

export interface TrackInfoWire {
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  format: string;
  source_sample_rate: number;
  channels: number;
}

export type ApiEvent =
  | Exclude<EngineEvent, { event: "track_loaded" }>
  | { event: "track_loaded"; data: { deck_id: DeckId; duration_sec: number; track: TrackInfoWire } }
  | { event: "cmd_ack"; data: { cmd: string; deck_id: DeckId; ts_ms: number } }
  | { event: "pong"; data: { ts_ms: number } }
  | { event: "deck_status"; data: { ts_ms: number; decks: DeckStatusWire[] } }
  | { event: "log_state"; data: { type: string; enabled: boolean } }
  | { event: "stem_status"; data: StemQueueStatus }
  | { event: "stem_algo"; data: { algo: StemTier } }
  | { event: "stem_cache_cleared"; data: { uid: string | null; removed_bytes: number; entries: number } }
  | { event: "stems_loaded"; data: { deck_id: DeckId; uid: string; tier: StemTier; duration_sec: number } }
  | { event: "demucs_status"; data: DemucsReport }
  | { event: "cloud_tracks_list"; data: CloudTrackList }
  | { event: "cloud_track_metadata"; data: TrackMetadata }
  | { event: "cloud_track_loading"; data: { trackId: string; deck: DeckId } & CloudLoadStatus }
  | { event: "cloud_track_loaded"; data: CloudTrackLoaded }
  | { event: "error"; data: { message: string; cmd?: string; deck_id?: DeckId; code?: string } };

/** Rounds to the millisecond: positions finer than that only make the 30 Hz frames longer. */
const ms = (seconds: number) => Math.round(seconds * 1000) / 1000;

export function deckStatusToWire(deck: DeckStatus): DeckStatusWire {
  return {
    id: deck.id,
    position_sec: ms(deck.position_sec),
    total_sec: ms(deck.total_sec),
    playing: deck.playing,
    tempo_percent: deck.tempo_percent,
    tempo_range: deck.tempo_range,
    loop: deck.loop ? { start_sec: ms(deck.loop.startSec), end_sec: ms(deck.loop.endSec) } : null,
    loading: deck.loading,
    track: deck.track ? trackInfoToWire(deck.track) : null,
    stems: deck.stems,
  };
}

export function trackInfoToWire(track: TrackInfo): TrackInfoWire {
  return {
    path: track.path,
    title: track.title,
    artist: track.artist,
    album: track.album,
    format: track.format,
    source_sample_rate: track.sourceSampleRate,
    channels: track.channels,
  };
}

/** Engine events keep their shape on the wire, except that track info is spelled in snake_case. */
export function engineEventToWire(event: EngineEvent): ApiEvent {
  if (event.event !== "track_loaded") return event;
  return { event: "track_loaded", data: { ...event.data, track: trackInfoToWire(event.data.track) } };
}

export function deckStatusEvent(decks: DeckStatus[], tsMs: number): ApiEvent {
  return { event: "deck_status", data: { ts_ms: tsMs, decks: decks.map(deckStatusToWire) } };
}

/** One event as a line of JSON without the trailing newline (the transport adds its own framing). */
export function encodeEvent(event: ApiEvent): string {
  return JSON.stringify(event);
}
