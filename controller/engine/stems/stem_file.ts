/**
 * @module
 * The cache file of one separation: a 64-byte header, the track's tags as JSON, the mix's waveform peaks
 * (float32, one per `framesPerPoint` frames), then the four stems as planar little-endian 16-bit samples
 * (vocals L, vocals R, drums L, …). Planar 16-bit data becomes the
 * engine's track blocks as views of the file's bytes, so loading stems onto a deck copies nothing.
 * `other` is written as the 16-bit mix less the three 16-bit named stems: the stored stems add up to
 * the 16-bit mix to the last bit (short of clipping).
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { PeakBuilder } from "../../../shared/audio/peaks.ts";
import { STEM_NAMES, type Stems, type StereoMix } from "./stem_set.ts";

const MAGIC = "MXSTEMS1";
const VERSION = 2;
const HEADER_BYTES = 64;
/** Tags are short; anything longer is a corrupt or foreign file. */
export const MAX_META_BYTES = 64 * 1024;

/** What the cache keeps about the separated track. */
export interface StemFileMeta {
  path: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  format: "wav" | "aiff" | "mp3" | "flac";
  sourceSampleRate: number;
  channels: number;
}

export interface StemFile {
  sampleRate: number;
  frames: number;
  meta: StemFileMeta;
  /** Waveform peaks (0..1) of the mix, one per `framesPerPoint` frames, for the deck's waveform. */
  peaks: Float32Array;
  framesPerPoint: number;
  /** stems[stem][channel], 16-bit, in STEM_NAMES order. */
  stems: Int16Array[][];
}

export class StemFileError extends Error {}

/**
 * Rounds to 16 bits exactly as `Math.round` does (the decoder's rounding, so the stems add up to the very
 * samples a deck plays), clamped: floor(x + 0.5), with `| 0` (truncation) corrected below zero. `Math.round`
 * itself costs five times as much here, and a 5-minute track has 26 million samples.
 */
function toInt16(sample: number): number {
  const scaled = sample * 32768 + 0.5;
  if (scaled >= 32767.5) return 32767;
  if (scaled <= -32767.5) return -32768;
  const truncated = scaled | 0;
  return truncated > scaled ? truncated - 1 : truncated;
}

/** 16-bit samples of a float channel (a plain loop: `Int16Array.from` with a mapper is several times slower). */
function quantize(channel: Float32Array): Int16Array {
  const out = new Int16Array(channel.length);
  for (let i = 0; i < channel.length; i++) out[i] = toInt16(channel[i]);
  return out;
}

const padded = (bytes: number) => Math.ceil(bytes / 8) * 8;

function peaksOffset(metaBytes: number): number {
  return HEADER_BYTES + padded(metaBytes);
}

function dataOffset(metaBytes: number, points: number): number {
  return peaksOffset(metaBytes) + padded(points * 4);
}

function peaksOf(mix: StereoMix, framesPerPoint: number): Float32Array {
  const builder = new PeakBuilder(framesPerPoint);
  const points = builder.push(mix.channels, mix.channels[0].length);
  return Float32Array.from([...points, ...builder.flush()]);
}

/**
 * Writes the stems of `mix` to `path` (replacing it), with the mix's peaks every `framesPerPoint` frames.
 * Returns the file's size in bytes.
 */
export function writeStemFile(
  path: string,
  mix: StereoMix,
  stems: Stems,
  meta: StemFileMeta,
  framesPerPoint: number,
): number {
  const frames = mix.channels[0].length;
  const metaBytes = new TextEncoder().encode(JSON.stringify(meta));
  if (metaBytes.length > MAX_META_BYTES) throw new StemFileError("track tags too long for the stem cache");
  const peaks = peaksOf(mix, framesPerPoint);
  const head = new Uint8Array(dataOffset(metaBytes.length, peaks.length));
  const view = new DataView(head.buffer);
  head.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, mix.sampleRate, true);
  view.setUint32(16, frames, true);
  view.setUint32(20, STEM_NAMES.length, true);
  view.setUint32(24, 2, true);
  view.setUint32(28, metaBytes.length, true);
  view.setUint32(32, framesPerPoint, true);
  view.setUint32(36, peaks.length, true);
  head.set(metaBytes, HEADER_BYTES);
  head.set(new Uint8Array(peaks.buffer), peaksOffset(metaBytes.length));
  const fd = openSync(path, "w");
  try {
    writeSync(fd, head);
    const named = stems.slice(0, 3).map((stem) => stem.map(quantize));
    for (const stem of named) for (const channel of stem) writeSync(fd, new Uint8Array(channel.buffer));
    for (let c = 0; c < 2; c++) {
      const other = new Int16Array(frames);
      const x = mix.channels[c];
      for (let i = 0; i < frames; i++) {
        const rest = toInt16(x[i]) - named[0][c][i] - named[1][c][i] - named[2][c][i];
        other[i] = rest > 32767 ? 32767 : rest < -32768 ? -32768 : rest;
      }
      writeSync(fd, new Uint8Array(other.buffer));
    }
  } finally {
    closeSync(fd);
  }
  return head.length + frames * 2 * 2 * STEM_NAMES.length;
}

/** Reads a stem file from its bytes, checking that the header and the size agree. */
export function parseStemFile(bytes: Uint8Array): StemFile {
  if (bytes.length < HEADER_BYTES) throw new StemFileError(`stem file too short (${bytes.length} bytes)`);
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (magic !== MAGIC) throw new StemFileError("not a MIXERA stem file");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION) throw new StemFileError(`stem file version ${version}, expected ${VERSION}`);
  const sampleRate = view.getUint32(12, true);
  const frames = view.getUint32(16, true);
  const stemCount = view.getUint32(20, true), channels = view.getUint32(24, true);
  const metaLength = view.getUint32(28, true);
  if (stemCount !== STEM_NAMES.length || channels !== 2) {
    throw new StemFileError(`expected 4 stereo stems, got ${stemCount} × ${channels} channels`);
  }
  if (metaLength > MAX_META_BYTES) throw new StemFileError(`stem file tags of ${metaLength} bytes`);
  if (sampleRate < 8000 || sampleRate > 384000) throw new StemFileError(`sample rate ${sampleRate}`);
  const framesPerPoint = view.getUint32(32, true), points = view.getUint32(36, true);
  if (framesPerPoint < 1 || points !== Math.ceil(frames / framesPerPoint)) {
    throw new StemFileError(
      `stem file has ${points} peaks for ${frames} frames at ${framesPerPoint} per peak`,
    );
  }
  const start = dataOffset(metaLength, points);
  const expected = start + frames * 2 * 2 * STEM_NAMES.length;
  if (bytes.length !== expected) {
    throw new StemFileError(`stem file holds ${bytes.length} bytes, its header says ${expected}`);
  }
  let meta: StemFileMeta;
  try {
    meta = JSON.parse(new TextDecoder().decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + metaLength)));
  } catch {
    throw new StemFileError("stem file tags are not JSON");
  }
  // Typed-array views need aligned offsets; a buffer that starts unaligned is copied once.
  const aligned = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const peaks = new Float32Array(aligned.buffer, aligned.byteOffset + peaksOffset(metaLength), points);
  const stems = STEM_NAMES.map((_, s) =>
    [0, 1].map((c) =>
      new Int16Array(aligned.buffer, aligned.byteOffset + start + (s * 2 + c) * frames * 2, frames)
    )
  );
  return { sampleRate, frames, meta, peaks, framesPerPoint, stems };
}
