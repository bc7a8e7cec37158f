/**
 * @module
 * Collects a window of rendered samples per channel and measures it with the mixer daemon's
 * `measureBlock`, so the engine's meters read the same way as the daemon's own.
 */
import { measureBlock } from "../daemon/metering/measure.ts";

export interface Levels {
  rmsDb: number[];
  peakDb: number[];
}

export class LevelMeter {
  readonly #window: Float32Array[];
  #frames = 0;

  /** `windowFrames` bounds how many frames are kept; extra frames of a window are not measured. */
  constructor(readonly channels: number, readonly windowFrames: number) {
    this.#window = Array.from({ length: channels }, () => new Float32Array(windowFrames));
  }

  /** Adds a block of one channel's samples (add every channel before the next block). */
  add(channel: number, samples: Float32Array, frames: number): void {
    const room = Math.min(frames, this.windowFrames - this.#frames);
    if (room > 0) this.#window[channel].set(samples.subarray(0, room), this.#frames);
    if (channel === this.channels - 1) this.#frames += Math.max(0, room);
  }

  /** Frames collected in the current window. */
  get frames(): number {
    return this.#frames;
  }

  /** Levels of the current window, then starts a new one. */
  take(): Levels {
    const levels = measureBlock(this.#window.map((samples) => samples.subarray(0, this.#frames)));
    this.#frames = 0;
    return levels;
  }
}
