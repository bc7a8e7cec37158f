/**
 * @module
 * The contract between the audio engine (controller/engine/) and its front ends (controller/api/: TCP 5555,
 * WebSocket 5556). The engine owns deck transport; gains, EQ and faders live in the mixer daemon's state tree.
 */

import type { DemucsReport } from "./stems/demucs_check.ts";
import type { StemEvent, StemJobStatus, StemQueueStatus } from "./stems/stem_events.ts";
import type { StemName, StemTier } from "./stems/stem_set.ts";

export type { StemEvent, StemName, StemTier };

export const DECK_COUNT = 4;
export type DeckId = 0 | 1 | 2 | 3;

export interface TrackInfo {
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  /** Genre, tempo and key as the file's tags state them (absent when nothing said). */
  genre?: string | null;
  bpm?: number | null;
  key?: string | null;
  /** The portal library's id of a track loaded from the cloud. */
  cloudTrackId?: string | null;
  /** The cloud's beatgrid of the track (first downbeat and tempo), when it has one. */
  beatgrid?: { bpm: number; firstBeatSec: number } | null;
  /** Loops saved with the cloud track; `loop` with its bounds makes it the active loop. */
  savedLoops?: readonly { start: number; end: number; name?: string }[];
  format: "wav" | "aiff" | "mp3" | "flac";
  sourceSampleRate: number;
  channels: number;
}

export interface LoopState {
  startSec: number;
  endSec: number;
}

export interface DeckStatus {
  id: DeckId;
  position_sec: number;
  total_sec: number;
  playing: boolean;
  /** Varispeed in percent (0 = original speed). */
  tempo_percent: number;
  tempo_range: 8 | 16 | 50;
  loop: LoopState | null;
  /** True while the rest of the track is still being decoded (the deck is already playable). */
  loading: boolean;
  track: TrackInfo | null;
  /** Set while the deck plays the stems of a separated track. */
  stems: { uid: string; tier: StemTier } | null;
}

/** Events the engine emits on its own (the API adds cmd_ack, pong, deck_status and command errors). */
export type EngineEvent =
  | {
    event: "waveform_progress";
    /** `status` (the engine API's field) is "decoding" until the last update, which says "done" at 100 %. */
    data: { deck_id: DeckId; percent: number; status?: "decoding" | "done" };
  }
  | {
    event: "waveform_chunk";
    data: {
      deck_id: DeckId;
      chunk_index: number;
      total_chunks: number;
      sample_rate: number;
      total_points: number;
      waveform: number[];
    };
  }
  | { event: "track_loaded"; data: { deck_id: DeckId; duration_sec: number; track: TrackInfo } }
  | { event: "error"; data: { message: string; deck_id?: DeckId } }
  | StemEvent;

/** Thrown by engine methods for bad arguments or states; the API turns it into an `error` event. */
export class EngineError extends Error {}

/** What a load can put on the deck with the track (a cloud track's marks, say). */
export interface LoadOptions {
  /** Hot cues 0, 1, … at these positions in seconds; positions past the track's end are left out. */
  cues?: readonly number[];
  /** The portal library's id when the file is a cloud track (telemetry reports plays by it). */
  cloudTrackId?: string;
  /**
   * What the portal's analysis knows of a cloud track. Tempo, key and genre fill in what the file's own
   * tags leave out (the tags win: they are what the DJ wrote); beatgrid and saved loops ride on the deck.
   */
  cloud?: {
    bpm: number | null;
    key: string | null;
    genre: string | null;
    beatgrid: { bpm: number; firstBeatSec: number } | null;
    loops: readonly { start: number; end: number; name?: string }[];
  };
}

export interface Engine {
  /** Starts loading; resolves once the deck is playable (first seconds decoded). Rejects with EngineError. */
  load(deck: DeckId, path: string, options?: LoadOptions): Promise<void>;
  play(deck: DeckId): void;
  pause(deck: DeckId): void;
  /** Stops and returns to the start of the track. */
  stop(deck: DeckId): void;
  seek(deck: DeckId, seconds: number): void;
  setTempo(deck: DeckId, percent: number): void;
  setTempoRange(deck: DeckId, range: 8 | 16 | 50): void;
  cueSet(deck: DeckId, cue: number): void;
  cueJump(deck: DeckId, cue: number): void;
  setLoop(deck: DeckId, startSec: number, endSec: number): void;
  clearLoop(deck: DeckId): void;
  status(): DeckStatus[];
  /** Peaks (0..1) of the loaded track resampled to `points` values. */
  waveform(deck: DeckId, points: number): number[];
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Stem separation and stem decks; absent when the engine runs without a stem cache. */
  readonly stems?: StemService;
  /** Underruns counted by the output since start. */
  underruns(): number;
  close(): Promise<void>;
}

/** The stem commands of the engine API. */
export interface StemService {
  separate(uid: string, path: string): StemJobStatus;
  status(): StemQueueStatus;
  setTier(tier: StemTier): void;
  clearCache(uid?: string): { removedBytes: number; entries: number };
  demucsCheck(): Promise<DemucsReport>;
  /** Loads the cached stems of `uid` onto `deck` (stopped at the start); rejects with EngineError. */
  load(deck: DeckId, uid: string): Promise<{ tier: StemTier; durationSec: number }>;
  /**
   * Sets a stem control of a deck in the mixer daemon's tree (`…/inputs/N/stems/<stem>/Level` in dB or
   * `…/Mute`), exactly as a daemon client would; the tree's rules apply (a Level beyond its range is clamped).
   */
  setControl(deck: DeckId, stem: StemName, control: "Level" | "Mute", value: number | boolean): void;
  close(): void;
}
