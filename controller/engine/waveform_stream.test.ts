import { describe, expect, it } from "bun:test";
import type { EngineEvent } from "./types.ts";
import { POINTS_PER_CHUNK, WaveformStream } from "./waveform_stream.ts";

type Chunk = Extract<EngineEvent, { event: "waveform_chunk" }>["data"];

function stream(expectedFrames: number) {
  const chunks: Chunk[] = [];
  const waveform = new WaveformStream(1, 44100, 882, expectedFrames, (event) => chunks.push(event.data));
  return { waveform, chunks };
}

describe("WaveformStream", () => {
  it("emits full chunks while decoding and an exact last chunk", () => {
    const { waveform, chunks } = stream(882 * 1200);
    waveform.add(new Array(700).fill(0.5));
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([[0, 3, 500]]);
    waveform.finish(new Array(500).fill(0.25));
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length, c.total_points])).toEqual([
      [0, 3, 500, 1200],
      [1, 3, 500, 1200],
      [2, 3, 200, 1200],
    ]);
    expect(chunks.every((c) => c.deck_id === 1 && c.sample_rate === 44100)).toBe(true);
  });

  it("never lets an early chunk look like the last when the length estimate is short", () => {
    const { waveform, chunks } = stream(882 * 100);
    waveform.add(new Array(POINTS_PER_CHUNK * 3).fill(0.1));
    expect(chunks.every((c) => c.chunk_index < c.total_chunks - 1)).toBe(true);
    waveform.finish([]);
    const last = chunks.at(-1)!;
    expect([last.chunk_index, last.total_chunks, last.total_points, last.waveform.length]).toEqual([
      0,
      1,
      1500,
      1500,
    ]);
  });

  it("keeps total_chunks from the first chunk to the last and sends no empty chunk (a 20 s track)", () => {
    const { waveform, chunks } = stream(882 * 1000);
    for (let block = 0; block < 10; block++) waveform.add(new Array(100).fill(0.5));
    waveform.finish([]);
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([
      [0, 2, 500],
      [1, 2, 500],
    ]);
  });

  it("fills the announced chunks without an empty one when the track is shorter than announced", () => {
    const { waveform, chunks } = stream(882 * 2000);
    waveform.add(new Array(1001).fill(0.5));
    waveform.finish([]);
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([
      [0, 4, 500],
      [1, 4, 500],
      [2, 3, 1],
    ]);
    const { waveform: slightlyShort, chunks: filled } = stream(882 * 1500);
    slightlyShort.add(new Array(1200).fill(0.5));
    slightlyShort.finish([]);
    expect(filled.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([
      [0, 3, 500],
      [1, 3, 500],
      [2, 3, 200],
    ]);
  });

  it("sends 500-point chunks with the exact count at the end when the length is unknown", () => {
    const { waveform, chunks } = stream(0);
    waveform.add(new Array(1100).fill(0.5));
    expect(chunks).toEqual([]);
    waveform.finish([]);
    expect(chunks.map((c) => [c.chunk_index, c.total_chunks, c.waveform.length])).toEqual([
      [0, 3, 500],
      [1, 3, 500],
      [2, 3, 100],
    ]);
  });
});
