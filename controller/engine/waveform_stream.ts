/**
 * @module
 * Turns peaks arriving from the decoder into `waveform_chunk` events of about 500 points, while the
 * track decodes. `total_chunks` is fixed by the first chunk and the same on every chunk, and no chunk
 * is empty: a chunk goes out during decoding only when it cannot be the last one, so whatever the
 * decoder finally delivers fills the chunks still owed. `total_points` is an estimate from the
 * expected length until the last chunk, which carries the exact number (and `track_loaded` follows).
 */
import type { DeckId, EngineEvent } from "./types.ts";

export const POINTS_PER_CHUNK = 500;
/** Waveform resolution: one peak per 20 ms of audio. */
export const POINTS_PER_SECOND = 50;

type ChunkEvent = Extract<EngineEvent, { event: "waveform_chunk" }>;

export class WaveformStream {
  readonly peaks: number[] = [];
  #sent = 0;
  #chunkIndex = 0;
  /** How many chunks the stream announces; null when the length is unknown (all chunks go out at the end). */
  readonly #plannedChunks: number | null;

  constructor(
    readonly deck: DeckId,
    readonly sampleRate: number,
    readonly framesPerPoint: number,
    readonly expectedFrames: number,
    readonly emit: (event: ChunkEvent) => void,
  ) {
    const expectedPoints = Math.ceil(expectedFrames / framesPerPoint);
    this.#plannedChunks = expectedPoints > 0 ? Math.ceil(expectedPoints / POINTS_PER_CHUNK) : null;
  }

  #estimatedPoints(): number {
    return Math.max(this.peaks.length, Math.ceil(this.expectedFrames / this.framesPerPoint));
  }

  /** Adds points and emits every full chunk that more points are known to follow. */
  add(points: number[]): void {
    for (const point of points) this.peaks.push(point);
    const planned = this.#plannedChunks;
    if (planned === null) return;
    while (this.#chunkIndex < planned - 1 && this.peaks.length - this.#sent > POINTS_PER_CHUNK) {
      this.#emit(POINTS_PER_CHUNK, planned, this.#estimatedPoints());
    }
  }

  /**
   * Emits the chunks still owed, with the exact point total. They hold about 500 points each, more
   * when the track turned out longer than announced. Only a track so much shorter than announced that
   * fewer points remain than chunks owed ends early, its last chunk carrying the corrected count.
   */
  finish(points: number[]): void {
    for (const point of points) this.peaks.push(point);
    const total = this.peaks.length;
    const planned = this.#plannedChunks ?? Math.max(1, Math.ceil(total / POINTS_PER_CHUNK));
    let owed = planned - this.#chunkIndex;
    if (total - this.#sent < owed) {
      this.#emit(total - this.#sent, this.#chunkIndex + 1, total);
      return;
    }
    while (owed > 0) {
      const rest = total - this.#sent;
      const size = owed === 1
        ? rest
        : Math.max(Math.min(POINTS_PER_CHUNK, rest - (owed - 1)), Math.ceil(rest / owed));
      this.#emit(size, planned, total);
      owed--;
    }
  }

  #emit(count: number, totalChunks: number, totalPoints: number): void {
    this.emit({
      event: "waveform_chunk",
      data: {
        deck_id: this.deck,
        chunk_index: this.#chunkIndex++,
        total_chunks: totalChunks,
        sample_rate: this.sampleRate,
        total_points: totalPoints,
        waveform: this.peaks.slice(this.#sent, this.#sent + count).map((p) => Math.round(p * 10000) / 10000),
      },
    });
    this.#sent += count;
  }
}
