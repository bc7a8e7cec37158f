/**
 * @module
 * Streaming decoders for the formats the engine plays: WAV and AIFF parsed here, MP3 through
 * `mpg123-decoder`, FLAC through `@wasm-audio-decoders/flac`. A decoder yields chunks of float samples
 * while it reads the file, so a player can start before the whole file is decoded. Uses `node:fs`, so it
 * runs in Deno, Bun and Node.
 *
 * @example
 * ```ts
 * const decoder = await openTrackDecoder("/music/track.mp3");
 * for (let chunk = await decoder.next(); chunk; chunk = await decoder.next()) use(chunk.channelData);
 * decoder.close();
 * ```
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { FLACDecoder, FLACDecoderWebWorker } from "@wasm-audio-decoders/flac";
import { MPEGDecoder, MPEGDecoderWebWorker } from "mpg123-decoder";
import { parseAiff } from "./aiff.ts";
import type { ByteSource } from "./byte_source.ts";
import { decodePcmFrames } from "./pcm_decode.ts";
import { AudioParseError, bytesPerFrame, type PcmLayout } from "./pcm_layout.ts";
import { type AudioFormat, SNIFF_BYTES, sniffFormat } from "./sniff.ts";
import { parseWav } from "./wav.ts";

/**
 * `bun build --compile` drops these classes when nothing names them, and the compiled binary then fails
 * while loading the decoder modules; naming them here keeps them in the bundle.
 */
export const keptForCompiledBinaries = [MPEGDecoderWebWorker, FLACDecoderWebWorker];

/** One chunk of decoded audio; its arrays may be reused by the decoder's next `next()` call. */
export interface DecodedChunk {
  channelData: Float32Array[];
  frames: number;
}

export interface TrackDecoder {
  readonly format: AudioFormat;
  readonly sampleRate: number;
  readonly channels: number;
  /** Exact for WAV, AIFF and FLAC (from the header); null for MP3 (ask the tags reader). */
  readonly totalFrames: number | null;
  /** The next chunk of samples, or null at the end of the file. Throws {@link AudioParseError}. */
  next(): Promise<DecodedChunk | null>;
  /** Share of the file read so far, 0..1. */
  progress(): number;
  close(): void;
}

/** Largest file the engine will open (a 60-minute 24-bit 96 kHz stereo WAV is ~2 GB). */
export const MAX_TRACK_BYTES = 4 * 1024 ** 3;
const PCM_CHUNK_FRAMES = 32768;
const COMPRESSED_CHUNK_BYTES = 64 * 1024;

function fileSource(fd: number, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const got = buffer.length ? readSync(fd, buffer, 0, buffer.length, offset) : 0;
      return buffer.subarray(0, got);
    },
  };
}

/**
 * Instantiates (and frees) the MP3 and FLAC decoders once, so their WebAssembly is compiled before the
 * first track needs it (tens of milliseconds a fresh thread would otherwise spend on its first load).
 */
export async function warmUpDecoders(): Promise<void> {
  const mpeg = new MPEGDecoder();
  await mpeg.ready;
  mpeg.free();
  const flac = new FLACDecoder();
  await flac.ready;
  flac.free();
}

/** Opens a track, detecting its format from its first bytes. Throws {@link AudioParseError}. */
export async function openTrackDecoder(path: string): Promise<TrackDecoder> {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_TRACK_BYTES) throw new AudioParseError(`file of ${size} bytes exceeds ${MAX_TRACK_BYTES}`);
    const source = fileSource(fd, size);
    const format = sniffFormat(source.read(0, SNIFF_BYTES));
    if (format === "wav" || format === "aiff") {
      return pcmDecoder(format, format === "wav" ? parseWav(source) : parseAiff(source), source, fd);
    }
    if (format === "mp3") return await mp3Decoder(source, fd);
    if (format === "flac") return await flacDecoder(source, fd);
    throw new AudioParseError("unsupported file format (expected WAV, AIFF, MP3 or FLAC)");
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

function pcmDecoder(format: AudioFormat, layout: PcmLayout, source: ByteSource, fd: number): TrackDecoder {
  let frame = 0;
  const frameBytes = bytesPerFrame(layout);
  // One scratch buffer per channel, reused for every chunk, keeps a long WAV from churning the heap.
  const scratch = Array.from({ length: layout.channels }, () => new Float32Array(PCM_CHUNK_FRAMES));
  return {
    format,
    sampleRate: layout.sampleRate,
    channels: layout.channels,
    totalFrames: layout.frames,
    next() {
      const frames = Math.min(PCM_CHUNK_FRAMES, layout.frames - frame);
      if (frames <= 0) return Promise.resolve(null);
      const bytes = source.read(layout.dataOffset + frame * frameBytes, frames * frameBytes);
      const whole = Math.floor(bytes.length / frameBytes);
      const channelData = scratch.map((channel) => channel.subarray(0, whole));
      decodePcmFrames(bytes, layout, whole, channelData);
      frame = whole < frames ? layout.frames : frame + whole;
      return Promise.resolve(whole ? { channelData, frames: whole } : null);
    },
    progress: () => layout.frames ? frame / layout.frames : 1,
    close: () => closeSync(fd),
  };
}

/** Reads the file in fixed-size pieces, remembering how far it got. */
function byteCursor(source: ByteSource) {
  let offset = 0;
  return {
    take: () => {
      const bytes = source.read(offset, COMPRESSED_CHUNK_BYTES);
      offset += bytes.length;
      return bytes;
    },
    progress: () => source.size ? offset / source.size : 1,
  };
}

async function mp3Decoder(source: ByteSource, fd: number): Promise<TrackDecoder> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  const cursor = byteCursor(source);
  // The sample rate is only known once the first frames decode, so decode up to them now.
  const pending: DecodedChunk[] = [];
  let sampleRate = 0;
  const decodeMore = (): boolean => {
    const bytes = cursor.take();
    if (bytes.length === 0) return false;
    const result = decoder.decode(bytes);
    if (result.samplesDecoded > 0) {
      sampleRate = result.sampleRate;
      pending.push({ channelData: result.channelData, frames: result.samplesDecoded });
    }
    return true;
  };
  while (pending.length === 0 && decodeMore());
  if (pending.length === 0) {
    decoder.free();
    throw new AudioParseError("mp3: no audio frames found");
  }
  return {
    format: "mp3",
    sampleRate,
    channels: pending[0].channelData.length,
    totalFrames: null,
    next() {
      while (pending.length === 0 && decodeMore());
      return Promise.resolve(pending.shift() ?? null);
    },
    progress: cursor.progress,
    close() {
      decoder.free();
      closeSync(fd);
    },
  };
}

/** STREAMINFO is the first metadata block of every FLAC file: rate, channels and total frames. */
function readStreamInfo(head: Uint8Array): { sampleRate: number; channels: number; totalFrames: number } {
  if (head.length < 26 || (head[4] & 0x7f) !== 0) throw new AudioParseError("flac: missing STREAMINFO block");
  const sampleRate = (head[18] << 12) | (head[19] << 4) | (head[20] >> 4);
  const channels = ((head[20] >> 1) & 0x07) + 1;
  const totalFrames = (head[21] & 0x0f) * 2 ** 32 +
    (((head[22] << 24) | (head[23] << 16) | (head[24] << 8) | head[25]) >>> 0);
  return { sampleRate, channels, totalFrames };
}

async function flacDecoder(source: ByteSource, fd: number): Promise<TrackDecoder> {
  const info = readStreamInfo(source.read(0, 26));
  if (info.sampleRate < 8000 || info.sampleRate > 192000) {
    throw new AudioParseError(`flac: unsupported sample rate ${info.sampleRate}`);
  }
  const decoder = new FLACDecoder();
  await decoder.ready;
  const cursor = byteCursor(source);
  let flushed = false;
  return {
    format: "flac",
    sampleRate: info.sampleRate,
    channels: info.channels,
    totalFrames: info.totalFrames || null,
    async next() {
      while (!flushed) {
        const bytes = cursor.take();
        const result = bytes.length ? await decoder.decode(bytes) : await decoder.flush();
        if (bytes.length === 0) flushed = true;
        if (result.samplesDecoded > 0) {
          return { channelData: result.channelData, frames: result.samplesDecoded };
        }
      }
      return null;
    },
    progress: cursor.progress,
    close() {
      decoder.free();
      closeSync(fd);
    },
  };
}
