/**
 * @module
 * Turns peaks arriving from the decoder into `waveform_chunk` events of at most 500 points, while the
 * track decodes. `total_points`/`total_chunks` are estimates from the expected length until the last
 * chunk, which carries the exact numbers (and `track_loaded` follows it).
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

  constructor(
    readonly deck: DeckId,
    readonly sampleRate: number,
    readonly framesPerPoint: number,
    public expectedFrames: number,
    readonly emit: (event: ChunkEvent) => void,
  ) {}

  #estimatedPoints(): number {
    return Math.max(this.peaks.length, Math.ceil(this.expectedFrames / this.framesPerPoint));
  }

  /** Adds points and emits every full chunk. */
  add(points: number[]): void {
    for (const point of points) this.peaks.push(point);
    while (this.peaks.length - this.#sent >= POINTS_PER_CHUNK) {
      this.#emit(POINTS_PER_CHUNK, this.#estimatedPoints());
    }
  }

  /** Emits what is left as the last chunk, with the exact totals. */
  finish(points: number[]): void {
    for (const point of points) this.peaks.push(point);
    const total = this.peaks.length;
    while (total - this.#sent > POINTS_PER_CHUNK) this.#emit(POINTS_PER_CHUNK, total);
    this.#emit(total - this.#sent, total, true);
  }

  #emit(count: number, totalPoints: number, last = false): void {
    const index = this.#chunkIndex++;
    const totalChunks = last ? index + 1 : Math.max(index + 2, Math.ceil(totalPoints / POINTS_PER_CHUNK));
    this.emit({
      event: "waveform_chunk",
      data: {
        deck_id: this.deck,
        chunk_index: index,
        total_chunks: totalChunks,
        sample_rate: this.sampleRate,
        total_points: totalPoints,
        waveform: this.peaks.slice(this.#sent, this.#sent + count).map((p) => Math.round(p * 10000) / 10000),
      },
    });
    this.#sent += count;
  }
}
