/**
 * @module
 * The check every completed upload passes before it becomes a track: the container is sound
 * (audio_layout.ts), the first seconds of compressed audio really decode, and one streaming pass over
 * the stored object computes the file's SHA-256, the SHA-256 of the audio payload alone (the
 * fingerprint that recognises a re-tagged copy) and, for MP3, walks the frames to notice a file cut
 * off in the middle of one. Memory stays at one read chunk plus the decoders.
 */
import { FLACDecoder } from "@wasm-audio-decoders/flac";
import { createSHA256 } from "hash-wasm";
import { MPEGDecoder } from "mpg123-decoder";
import type { AudioFormat } from "../../../../shared/audio/sniff.ts";
import { collectStream, type Storage } from "../../../storage/storage.ts";
import { type AudioLayout, locateAudio, type RangeReader } from "./audio_layout.ts";
import { parseMpegFrameHeader } from "./mpeg_frame.ts";
import { UploadRejection } from "./rejection.ts";

export interface InspectedAudio {
  format: AudioFormat;
  sha256: string;
  audioFingerprint: string;
}

/** Compressed audio decoded to prove the file is not garbage behind a valid header. */
const DECODE_CHECK_BYTES = 256 * 1024;
const HASH_CHUNK_BYTES = 256 * 1024;

/** Inspects the object `key` of `size` bytes; throws {@link UploadRejection} for a file to refuse. */
export async function inspectStoredAudio(
  storage: Storage,
  key: string,
  size: number,
): Promise<InspectedAudio> {
  const read: RangeReader = async (offset, length) => {
    if (offset >= size || length <= 0) return new Uint8Array();
    const stream = await storage.read(key, { start: offset, end: Math.min(size, offset + length) - 1 });
    return stream ? await collectStream(stream) : new Uint8Array();
  };
  const layout = await locateAudio(read, size);
  await checkDecodes(layout, read);
  const stream = await storage.read(key);
  if (!stream) throw new Error(`stored upload ${key} disappeared`);
  const { sha256, audioFingerprint, mp3Overrun } = await hashPass(stream, layout);
  if (mp3Overrun > 0) {
    throw new UploadRejection(`The file is truncated: its last MP3 frame is missing ${mp3Overrun} bytes.`);
  }
  return { format: layout.format, sha256, audioFingerprint };
}

async function checkDecodes(layout: AudioLayout, read: RangeReader): Promise<void> {
  const audio = await read(
    layout.payloadStart,
    Math.min(DECODE_CHECK_BYTES, layout.payloadEnd - layout.payloadStart),
  );
  let samples = 0;
  if (layout.format === "mp3") {
    const decoder = new MPEGDecoder();
    await decoder.ready;
    try {
      samples = decoder.decode(audio).samplesDecoded;
    } finally {
      decoder.free();
    }
  } else if (layout.format === "flac") {
    // The decoder wants the stream header; STREAMINFO alone (marked last) stands in for all metadata.
    const header = await read(0, 42);
    header[4] |= 0x80;
    const decoder = new FLACDecoder();
    await decoder.ready;
    try {
      const joined = new Uint8Array(header.length + audio.length);
      joined.set(header);
      joined.set(audio, header.length);
      const first = await decoder.decode(joined);
      samples = first.samplesDecoded +
        (audio.length < DECODE_CHECK_BYTES ? (await decoder.flush()).samplesDecoded : 0);
    } finally {
      decoder.free();
    }
  } else {
    return;
  }
  if (samples === 0) {
    throw new UploadRejection(
      `The file is corrupt: its ${layout.format.toUpperCase()} audio does not decode.`,
    );
  }
}

async function hashPass(stream: ReadableStream<Uint8Array>, layout: AudioLayout) {
  const whole = await createSHA256();
  const payload = await createSHA256();
  whole.init();
  payload.init();
  const frames = layout.format === "mp3" ? mp3FrameWalker(layout) : null;
  let position = 0;
  for await (const chunk of reusingBuffer(stream)) {
    whole.update(chunk);
    const from = Math.max(layout.payloadStart - position, 0);
    const to = Math.min(layout.payloadEnd - position, chunk.length);
    if (from < to) payload.update(chunk.subarray(from, to));
    frames?.feed(chunk, position);
    position += chunk.length;
  }
  return {
    sha256: whole.digest("hex"),
    audioFingerprint: payload.digest("hex"),
    mp3Overrun: frames?.overrun() ?? 0,
  };
}

/**
 * Follows MP3 frame headers through the stream. It stops quietly when it loses sync (real files carry
 * junk the decoders skip), so it only reports an overrun it is sure of: in sync up to a final frame
 * that reaches past the end of the audio.
 */
function mp3FrameWalker(layout: AudioLayout) {
  let next = layout.payloadStart;
  let inSync = true;
  // The last bytes of what came before, for a header split across two chunks.
  let carry = new Uint8Array();
  let carryStart = 0;
  const scratch = new Uint8Array(4);
  return {
    feed(chunk: Uint8Array, position: number) {
      if (!inSync) return;
      const available = position + chunk.length;
      while (inSync && next + 4 <= layout.payloadEnd && next + 4 <= available) {
        let header;
        if (next >= position) {
          header = parseMpegFrameHeader(chunk, next - position);
        } else {
          for (let i = 0; i < 4; i++) {
            const at = next + i;
            scratch[i] = at < position ? carry[at - carryStart] : chunk[at - position];
          }
          header = parseMpegFrameHeader(scratch, 0);
        }
        if (!header) inSync = false;
        else next += header.length;
      }
      const keep = Math.min(3, chunk.length);
      carry = chunk.slice(chunk.length - keep);
      carryStart = available - keep;
    },
    overrun: () => (inSync && next > layout.payloadEnd ? next - layout.payloadEnd : 0),
  };
}

/** Reads a byte stream into one reused buffer (a whole file of garbage chunks otherwise); plain ones as they come. */
async function* reusingBuffer(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let reader: ReadableStreamBYOBReader;
  try {
    reader = stream.getReader({ mode: "byob" });
  } catch {
    yield* stream;
    return;
  }
  let buffer = new Uint8Array(HASH_CHUNK_BYTES);
  try {
    while (true) {
      const { done, value } = await reader.read(buffer);
      if (done) return;
      yield value;
      buffer = new Uint8Array(value.buffer);
    }
  } finally {
    reader.releaseLock();
  }
}
