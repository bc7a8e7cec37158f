/**
 * @module
 * The decoder Worker: decodes a track off the main thread and streams it back as 16-bit blocks of
 * {@link BLOCK_FRAMES} frames (transferred, not copied), with waveform peaks and progress after each
 * block. A newer load on the same deck cancels the running one through a shared generation counter.
 * Must be listed as an entrypoint of the compiled binary.
 */
import { parseBuffer } from "music-metadata";
import { PeakBuilder } from "../../shared/audio/peaks.ts";
import { AudioParseError } from "../../shared/audio/pcm_layout.ts";
import { openTrackDecoder, type TrackDecoder, warmUpDecoders } from "../../shared/audio/track_decoder.ts";
import { BLOCK_FRAMES } from "./track_buffer.ts";
import { readTags, type TrackTags } from "./track_tags.ts";

declare const self: Worker;

export type { TrackTags };

export interface DecodeRequest {
  type: "load";
  loadId: number;
  path: string;
  /** Holds the id of the newest load; any other id means "stop". */
  generation: Int32Array;
  pointsPerSecond: number;
}

export type DecodeReply =
  | {
    type: "opened";
    loadId: number;
    format: TrackDecoder["format"];
    sampleRate: number;
    channels: number;
    totalFrames: number;
    framesPerPoint: number;
    tags: TrackTags;
  }
  | { type: "block"; loadId: number; channels: Int16Array[]; percent: number; points: number[] }
  | { type: "done"; loadId: number; totalFrames: number; points: number[] }
  | { type: "failed"; loadId: number; message: string };

function toInt16(source: Float32Array, target: Int16Array, from: number, to: number, count: number): void {
  for (let i = 0; i < count; i++) {
    const scaled = Math.round(source[from + i] * 32768);
    target[to + i] = scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
  }
}

async function decode(request: DecodeRequest, decoder: TrackDecoder): Promise<void> {
  const { loadId } = request;
  const cancelled = () => Atomics.load(request.generation, 0) !== loadId;
  if (decoder.channels > 2) {
    throw new AudioParseError(`expected a mono or stereo track, got ${decoder.channels} channels`);
  }
  const tags = await readTags(request.path);
  const framesPerPoint = Math.max(1, Math.round(decoder.sampleRate / request.pointsPerSecond));
  const totalFrames = decoder.totalFrames ?? tags.frames ?? 0;
  self.postMessage(
    {
      type: "opened",
      loadId,
      format: decoder.format,
      sampleRate: decoder.sampleRate,
      channels: decoder.channels,
      totalFrames,
      framesPerPoint,
      tags,
    } satisfies DecodeReply,
  );
  const peaks = new PeakBuilder(framesPerPoint);
  let points: number[] = [];
  let block = Array.from({ length: decoder.channels }, () => new Int16Array(BLOCK_FRAMES));
  let filled = 0;
  let decoded = 0;
  const send = (channels: Int16Array[]) => {
    const percent = totalFrames
      ? Math.min(99, Math.floor((decoded / totalFrames) * 100))
      : Math.floor(decoder.progress() * 99);
    const reply: DecodeReply = { type: "block", loadId, channels, percent, points };
    self.postMessage(reply, channels.map((c) => c.buffer as ArrayBuffer));
    points = [];
  };
  for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) {
    if (cancelled()) return;
    for (const point of peaks.push(chunk.channelData, chunk.frames)) points.push(point);
    decoded += chunk.frames;
    for (let read = 0; read < chunk.frames;) {
      const count = Math.min(chunk.frames - read, BLOCK_FRAMES - filled);
      for (let c = 0; c < block.length; c++) toInt16(chunk.channelData[c], block[c], read, filled, count);
      read += count;
      filled += count;
      if (filled === BLOCK_FRAMES) {
        send(block);
        block = Array.from({ length: decoder.channels }, () => new Int16Array(BLOCK_FRAMES));
        filled = 0;
      }
    }
  }
  if (cancelled()) return;
  if (filled > 0) send(block.map((c) => c.slice(0, filled)));
  self.postMessage(
    { type: "done", loadId, totalFrames: decoded, points: peaks.flush() } satisfies DecodeReply,
  );
}

self.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const request = event.data;
  if (request.type !== "load") return;
  let decoder: TrackDecoder | null = null;
  try {
    decoder = await openTrackDecoder(request.path);
    await decode(request, decoder);
  } catch (error) {
    const message = error instanceof AudioParseError || (error as NodeJS.ErrnoException).code
      ? (error as Error).message
      : `decoding failed: ${(error as Error).message}`;
    self.postMessage({ type: "failed", loadId: request.loadId, message } satisfies DecodeReply);
  } finally {
    decoder?.close();
    // Decoding leaves hundreds of MB of short-lived chunks behind; collect them now rather than whenever
    // this otherwise idle Worker's heap would next grow.
    Bun.gc(true);
  }
};

/** Loads the decoders and music-metadata's MPEG, FLAC and WAV readers before the first track needs them. */
async function warmUp(): Promise<void> {
  await warmUpDecoders();
  for (const mimeType of ["audio/mpeg", "audio/flac", "audio/wav"]) {
    await parseBuffer(new Uint8Array(512), { mimeType }, { skipCovers: true }).catch(() => {});
  }
}

await warmUp();
self.postMessage({ type: "ready" });
