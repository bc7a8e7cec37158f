/**
 * @module
 * One deck's transport: position, play state, varispeed, hot cues and loop, and the reader that renders
 * the track at the output rate (Hermite interpolation when the rates differ or the tempo is not 0, a
 * plain copy otherwise — unity playback is bit-exact).
 */
import { hermite } from "../../shared/audio/interpolate.ts";
import { type DeckId, EngineError, type LoopState, type TrackInfo } from "./types.ts";

/** What a deck plays: one decoded track, or the four stems of one played together. */
export interface TrackSource {
  readonly sampleRate: number;
  readonly channels: number;
  /** Frames available so far. */
  readonly length: number;
  /** Frames in the whole track (an estimate while it still decodes). */
  readonly totalFrames: number;
  readonly complete: boolean;
  /** Sample `frame` of `channel` as -1..1, or 0 outside the available range. */
  sample(channel: number, frame: number): number;
  /** Called before each rendered block (stem gains move towards their targets here). */
  prepareBlock?(): void;
}

export const HOT_CUES = 8;
export const TEMPO_RANGES = [8, 16, 50] as const;
export type TempoRange = typeof TEMPO_RANGES[number];

export class Deck {
  track: TrackSource | null = null;
  info: TrackInfo | null = null;
  playing = false;
  /** Read position in source frames (fractional while resampling). */
  position = 0;
  tempoPercent = 0;
  tempoRange: TempoRange = 8;
  loop: { start: number; end: number } | null = null;
  readonly cues: (number | null)[] = new Array(HOT_CUES).fill(null);

  constructor(readonly id: DeckId) {}

  /** Puts a freshly loading track on the deck, stopped at its start. */
  mount(track: TrackSource, info: TrackInfo): void {
    this.track = track;
    this.info = info;
    this.playing = false;
    this.position = 0;
    this.loop = null;
    this.cues.fill(null);
  }

  unmount(): void {
    this.track = null;
    this.info = null;
    this.playing = false;
    this.position = 0;
    this.loop = null;
  }

  #requireTrack(): TrackSource {
    if (!this.track) throw new EngineError(`deck ${this.id} has no track loaded`);
    return this.track;
  }

  #framesAt(seconds: number, what: string): number {
    const track = this.#requireTrack();
    if (!Number.isFinite(seconds) || seconds < 0 || seconds * track.sampleRate > track.totalFrames) {
      throw new EngineError(
        `${what} ${seconds} is outside 0..${(track.totalFrames / track.sampleRate).toFixed(3)} s`,
      );
    }
    const frames = seconds * track.sampleRate;
    // Seconds that name a whole frame (up to float error) land exactly on it, so loops stay sample-exact.
    const nearest = Math.round(frames);
    return Math.abs(frames - nearest) < 1e-6 ? nearest : frames;
  }

  play(): void {
    const track = this.#requireTrack();
    if (track.complete && this.position >= track.length) this.position = 0;
    this.playing = true;
  }

  pause(): void {
    this.playing = false;
  }

  stop(): void {
    this.playing = false;
    this.position = 0;
  }

  seek(seconds: number): void {
    this.position = this.#framesAt(seconds, "position");
  }

  setTempo(percent: number): void {
    if (!Number.isFinite(percent) || Math.abs(percent) > this.tempoRange) {
      throw new EngineError(`tempo ${percent} % is outside ±${this.tempoRange} %`);
    }
    this.tempoPercent = percent;
  }

  setTempoRange(range: number): void {
    if (!TEMPO_RANGES.includes(range as TempoRange)) {
      throw new EngineError(`tempo range must be one of ${TEMPO_RANGES.join(", ")}, got ${range}`);
    }
    this.tempoRange = range as TempoRange;
    this.tempoPercent = Math.max(-range, Math.min(range, this.tempoPercent));
  }

  #cueIndex(cue: number): number {
    if (!Number.isInteger(cue) || cue < 0 || cue >= HOT_CUES) {
      throw new EngineError(`hot cue must be 0..${HOT_CUES - 1}, got ${cue}`);
    }
    return cue;
  }

  /** Sets hot cues 0, 1, … to positions in seconds (a loaded track's stored cues); clears the others. */
  placeCues(seconds: readonly number[]): void {
    const track = this.#requireTrack();
    this.cues.fill(null);
    seconds.slice(0, HOT_CUES).forEach((at, cue) => {
      const frames = at * track.sampleRate;
      if (Number.isFinite(frames) && frames >= 0 && frames <= track.totalFrames) this.cues[cue] = frames;
    });
  }

  /** Stores a hot cue at `at` (source frames; the render position unless told). */
  cueSet(cue: number, at = this.position): void {
    this.#requireTrack();
    this.cues[this.#cueIndex(cue)] = at;
  }

  /**
   * The position the listener hears: while playing, the render position less the audio still queued
   * (`latencyFrames` output frames), wrapped back into the loop when the loop just jumped.
   */
  heardPosition(latencyFrames: number, outputRate: number): number {
    const track = this.track;
    if (!track || !this.playing) return this.position;
    const behind = latencyFrames * (track.sampleRate / outputRate) * (1 + this.tempoPercent / 100);
    const heard = this.position - behind;
    const loop = this.loop;
    if (loop && this.position >= loop.start && this.position < loop.end && heard < loop.start) {
      return Math.max(loop.start, heard + (loop.end - loop.start));
    }
    return Math.max(0, heard);
  }

  cueJump(cue: number): void {
    this.#requireTrack();
    const position = this.cues[this.#cueIndex(cue)];
    if (position === null) throw new EngineError(`hot cue ${cue} on deck ${this.id} is not set`);
    this.position = position;
  }

  setLoop(startSec: number, endSec: number): void {
    const start = this.#framesAt(startSec, "loop start");
    const end = this.#framesAt(endSec, "loop end");
    if (end <= start) throw new EngineError(`loop end ${endSec} must be after loop start ${startSec}`);
    this.loop = { start, end };
  }

  clearLoop(): void {
    this.loop = null;
  }

  loopState(): LoopState | null {
    const rate = this.track?.sampleRate;
    return this.loop && rate ? { startSec: this.loop.start / rate, endSec: this.loop.end / rate } : null;
  }

  /**
   * Renders `frames` frames at `outputRate` into `left`/`right` (silence when stopped) and advances the
   * position. While the track still decodes, reaching the decoded end holds the position (silence) rather
   * than skipping audio.
   */
  render(left: Float32Array, right: Float32Array, frames: number, outputRate: number): void {
    const track = this.track;
    if (!this.playing || !track) {
      left.fill(0, 0, frames);
      right.fill(0, 0, frames);
      return;
    }
    track.prepareBlock?.();
    const step = (track.sampleRate / outputRate) * (1 + this.tempoPercent / 100);
    const rightChannel = track.channels > 1 ? 1 : 0;
    const loop = this.loop;
    let position = this.position;
    let i = 0;
    for (; i < frames; i++) {
      if (loop && position >= loop.end && position - step < loop.end) {
        position = loop.start + (position - loop.end);
      }
      const index = Math.floor(position);
      if (index >= track.length) {
        if (track.complete) this.playing = false;
        break;
      }
      const t = position - index;
      if (t === 0) {
        left[i] = track.sample(0, index);
        right[i] = track.sample(rightChannel, index);
      } else {
        left[i] = interpolate(track, 0, index, t);
        right[i] = interpolate(track, rightChannel, index, t);
      }
      position += step;
    }
    left.fill(0, i, frames);
    right.fill(0, i, frames);
    this.position = track.complete ? Math.min(position, track.length) : position;
  }
}

function interpolate(track: TrackSource, channel: number, index: number, t: number): number {
  return hermite(
    track.sample(channel, index - 1),
    track.sample(channel, index),
    track.sample(channel, index + 1),
    track.sample(channel, index + 2),
    t,
  );
}
