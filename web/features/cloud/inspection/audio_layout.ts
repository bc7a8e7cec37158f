/**
 * @module
 * Where the audio of an uploaded file lies and whether its container is sound, read from a few ranges
 * of the stored object (never the whole file): the format from its first bytes, the tags and metadata
 * around the audio (ID3v2/ID3v1/APE, RIFF/IFF chunks, FLAC metadata blocks) and the sizes the headers
 * declare. A header that declares more than the file holds is a truncated file; one that declares an
 * absurd duration is a decoder bomb. Everything wrong throws {@link UploadRejection}.
 */
import { parseAiff } from "../../../../shared/audio/aiff.ts";
import type { ByteSource } from "../../../../shared/audio/byte_source.ts";
import { AudioParseError } from "../../../../shared/audio/pcm_layout.ts";
import { type AudioFormat, SNIFF_BYTES, sniffFormat } from "../../../../shared/audio/sniff.ts";
import { parseWav } from "../../../../shared/audio/wav.ts";
import { lastFlacSample } from "./flac_frames.ts";
import { parseMpegFrameHeader, readXingFrames } from "./mpeg_frame.ts";
import { UploadRejection } from "./rejection.ts";

/** Reads up to `length` bytes at `offset` of the stored file. */
export type RangeReader = (offset: number, length: number) => Promise<Uint8Array>;

export interface AudioLayout {
  format: AudioFormat;
  /** The audio payload, tags and metadata left out: `[payloadStart, payloadEnd)`. */
  payloadStart: number;
  payloadEnd: number;
  /** Duration the headers declare, when they declare one. */
  declaredSeconds: number | null;
}

/** Longer than any DJ track or recorded set; a header claiming more is lying. */
export const MAX_DECLARED_SECONDS = 6 * 3600;
/** WAV and AIFF headers (and whatever chunks precede the samples) must fit in this window. */
const PCM_HEADER_WINDOW = 1024 * 1024;
const MAX_FLAC_BLOCKS = 1024;
/** The last bytes of a FLAC file searched for its final frames (a few frames of high-resolution audio). */
const FLAC_TAIL_WINDOW = 256 * 1024;

const NOT_AUDIO = "This is not an audio file the library takes: MP3, WAV, FLAC or AIFF expected.";

function truncated(expected: number, found: number): UploadRejection {
  return new UploadRejection(
    `The file is truncated: its header announces ${expected} bytes of audio, but only ${found} are there.`,
  );
}

function tooLong(seconds: number): UploadRejection {
  const hours = (seconds / 3600).toFixed(1);
  return new UploadRejection(
    `The file declares ${hours} hours of audio; tracks longer than 6 hours are refused.`,
  );
}

/** Locates the audio of a file of `size` bytes, or throws {@link UploadRejection}. */
export async function locateAudio(read: RangeReader, size: number): Promise<AudioLayout> {
  if (size === 0) throw new UploadRejection("The file is empty.");
  const format = sniffFormat(await read(0, SNIFF_BYTES));
  if (!format) throw new UploadRejection(NOT_AUDIO);
  if (format === "wav" || format === "aiff") return locatePcm(format, await read(0, PCM_HEADER_WINDOW), size);
  if (format === "flac") return await locateFlac(read, size);
  return await locateMp3(read, size);
}

function windowSource(head: Uint8Array, size: number): ByteSource {
  return {
    size,
    read(offset, length) {
      if (head.length < size && offset + Math.min(length, 8) > head.length) {
        throw new UploadRejection("The metadata before the audio is larger than 1 MB; the file is refused.");
      }
      return head.subarray(Math.min(offset, head.length), Math.min(offset + length, head.length));
    },
  };
}

/** The declared size of the chunk whose body starts at `body` (RIFF is little-endian, IFF big). */
function chunkSizeBefore(head: Uint8Array, body: number, littleEndian: boolean): number {
  return new DataView(head.buffer, head.byteOffset + body - 4, 4).getUint32(0, littleEndian);
}

function locatePcm(format: "wav" | "aiff", head: Uint8Array, size: number): AudioLayout {
  let layout;
  try {
    layout = format === "wav" ? parseWav(windowSource(head, size)) : parseAiff(windowSource(head, size));
  } catch (error) {
    if (error instanceof AudioParseError) {
      throw new UploadRejection(`The file is not a valid ${format.toUpperCase()}: ${error.message}.`);
    }
    throw error;
  }
  // WAV data starts right after its chunk header; AIFF's SSND body has 8 bytes (offset, block size) first.
  const declared = format === "wav"
    ? chunkSizeBefore(head, layout.dataOffset, true)
    : chunkSizeBefore(head, ssndBody(head, layout.dataOffset), false) - 8;
  const available = size - layout.dataOffset;
  if (declared > available) throw truncated(declared, available);
  if (layout.frames === 0) throw new UploadRejection("The file holds no audio samples.");
  return {
    format,
    payloadStart: layout.dataOffset,
    payloadEnd: layout.dataOffset + declared,
    declaredSeconds: layout.frames / layout.sampleRate,
  };
}

/** The SSND chunk body that holds `dataOffset` (the samples follow its 8-byte offset/block-size prefix). */
function ssndBody(head: Uint8Array, dataOffset: number): number {
  for (let body = 20; body + 8 <= Math.min(head.length, dataOffset + 8);) {
    const id = String.fromCharCode(...head.subarray(body - 8, body - 4));
    const chunkSize = chunkSizeBefore(head, body, false);
    if (id === "SSND") return body;
    body += chunkSize + (chunkSize & 1) + 8;
  }
  throw new UploadRejection("The file is not a valid AIFF: no SSND chunk.");
}

function syncsafe(bytes: Uint8Array, at: number): number {
  return ((bytes[at] & 0x7f) << 21) | ((bytes[at + 1] & 0x7f) << 14) | ((bytes[at + 2] & 0x7f) << 7) |
    (bytes[at + 3] & 0x7f);
}

async function locateMp3(read: RangeReader, size: number): Promise<AudioLayout> {
  const head = await read(0, 10);
  let start = 0;
  if (String.fromCharCode(...head.subarray(0, 3)) === "ID3") {
    if (head.length < 10) throw new UploadRejection("The file is truncated inside its ID3 tag.");
    start = 10 + syncsafe(head, 6) + (head[5] & 0x10 ? 10 : 0);
    if (start >= size) {
      throw new UploadRejection("The ID3 tag claims more bytes than the file holds: the file is truncated.");
    }
  }
  const end = size - await trailingTagBytes(read, size);
  const frames = await read(start, 16 * 1024);
  const first = parseMpegFrameHeader(frames, 0);
  const second = first && parseMpegFrameHeader(frames, first.length);
  if (!first || (!second && first.length < end - start)) {
    throw new UploadRejection(
      "The file is not a valid MP3: no MPEG audio frames where the audio should start.",
    );
  }
  const xingFrames = readXingFrames(frames, 0, first);
  const declaredSeconds = xingFrames === null
    ? null
    : (xingFrames * first.samplesPerFrame) / first.sampleRate;
  if (declaredSeconds !== null && declaredSeconds > MAX_DECLARED_SECONDS) throw tooLong(declaredSeconds);
  return { format: "mp3", payloadStart: start, payloadEnd: end, declaredSeconds };
}

/** Bytes of ID3v1 and APEv2 tags at the end of an MP3. */
async function trailingTagBytes(read: RangeReader, size: number): Promise<number> {
  let tags = 0;
  if (size >= 128 && String.fromCharCode(...await read(size - 128, 3)) === "TAG") tags = 128;
  if (size - tags >= 32) {
    const footer = await read(size - tags - 32, 32);
    if (String.fromCharCode(...footer.subarray(0, 8)) === "APETAGEX") {
      const view = new DataView(footer.buffer, footer.byteOffset, 32);
      tags += view.getUint32(12, true) + (view.getUint32(20, true) & 0x80000000 ? 32 : 0);
    }
  }
  if (tags >= size) throw new UploadRejection("The file's tags claim more bytes than the file holds.");
  return tags;
}

async function locateFlac(read: RangeReader, size: number): Promise<AudioLayout> {
  let at = 4;
  let streamInfo: Uint8Array | null = null;
  for (let blocks = 0;; blocks++) {
    if (blocks >= MAX_FLAC_BLOCKS) throw new UploadRejection("The FLAC file has too many metadata blocks.");
    const header = await read(at, 4);
    if (header.length < 4) throw new UploadRejection("The file is truncated inside its FLAC metadata.");
    const type = header[0] & 0x7f;
    const length = (header[1] << 16) | (header[2] << 8) | header[3];
    if (blocks === 0) {
      if (type !== 0 || length !== 34) {
        throw new UploadRejection("The file is not a valid FLAC: STREAMINFO missing.");
      }
      streamInfo = await read(at + 4, 34);
    }
    at += 4 + length;
    if (at > size) throw new UploadRejection("The file is truncated inside its FLAC metadata.");
    if (header[0] & 0x80) break;
  }
  const info = streamInfo!;
  const sampleRate = (info[10] << 12) | (info[11] << 4) | (info[12] >> 4);
  const totalSamples = (info[13] & 0x0f) * 2 ** 32 +
    (((info[14] << 24) | (info[15] << 16) | (info[16] << 8) | info[17]) >>> 0);
  if (sampleRate < 8000 || sampleRate > 192000) {
    throw new UploadRejection(`The file is not a valid FLAC: sample rate ${sampleRate} Hz.`);
  }
  const declaredSeconds = totalSamples ? totalSamples / sampleRate : null;
  if (declaredSeconds !== null && declaredSeconds > MAX_DECLARED_SECONDS) throw tooLong(declaredSeconds);
  const sync = await read(at, 2);
  if (sync.length < 2 || sync[0] !== 0xff || (sync[1] & 0xfe) !== 0xf8) {
    throw new UploadRejection("The file is not a valid FLAC: no audio frame after the metadata.");
  }
  if (totalSamples > 0) {
    const nominalBlockSize = (info[2] << 8) | info[3];
    const tailStart = Math.max(at, size - FLAC_TAIL_WINDOW);
    const endSample = lastFlacSample(await read(tailStart, size - tailStart), nominalBlockSize);
    if (endSample !== null && endSample < totalSamples) {
      throw new UploadRejection(
        `The file is truncated: its header announces ${totalSamples} samples, but the audio stops after ${endSample}.`,
      );
    }
  }
  return { format: "flac", payloadStart: at, payloadEnd: size, declaredSeconds };
}
