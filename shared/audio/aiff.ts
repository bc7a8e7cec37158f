/**
 * @module
 * AIFF and AIFF-C header parsing (big-endian PCM, `sowt` little-endian PCM, `fl32`/`fl64` float).
 *
 * @example
 * ```ts
 * const layout = parseAiff(bytesSource(fileBytes));
 * ```
 */
import type { ByteSource } from "./byte_source.ts";
import { AudioParseError, checkFormat, PARSE_LIMITS, type PcmLayout } from "./pcm_layout.ts";

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** Decodes the 80-bit IEEE extended float AIFF uses for its sample rate. */
export function readExtended80(bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, 10);
  const signAndExponent = view.getUint16(0);
  const exponent = (signAndExponent & 0x7fff) - 16383;
  const high = view.getUint32(2);
  const low = view.getUint32(6);
  const magnitude = high * 2 ** (exponent - 31) + low * 2 ** (exponent - 63);
  return signAndExponent & 0x8000 ? -magnitude : magnitude;
}

interface CommonChunk {
  channels: number;
  frames: number;
  bits: number;
  sampleRate: number;
  compression: string;
}

/** Reads the AIFF header; throws {@link AudioParseError} for anything that is not a playable AIFF. */
export function parseAiff(source: ByteSource): PcmLayout {
  const head = source.read(0, 12);
  const kind = head.length === 12 ? ascii(head, 8, 4) : "";
  if (ascii(head, 0, 4) !== "FORM" || (kind !== "AIFF" && kind !== "AIFC")) {
    throw new AudioParseError("aiff: missing FORM/AIFF header");
  }
  let common: CommonChunk | null = null;
  let offset = 12;
  for (let chunks = 0; offset + 8 <= source.size; chunks++) {
    if (chunks >= PARSE_LIMITS.maxChunks) throw new AudioParseError("aiff: too many chunks");
    const header = source.read(offset, 8);
    const id = ascii(header, 0, 4);
    const size = new DataView(header.buffer, header.byteOffset, 8).getUint32(4);
    const body = offset + 8;
    if (id === "COMM") common = parseCommon(source.read(body, Math.min(size, 64)), kind === "AIFC");
    if (id === "SSND") {
      if (!common) throw new AudioParseError("aiff: SSND chunk before COMM chunk");
      const ssnd = source.read(body, 8);
      if (ssnd.length < 8) throw new AudioParseError("aiff: truncated SSND chunk");
      const dataOffset = body + 8 + new DataView(ssnd.buffer, ssnd.byteOffset, 8).getUint32(0);
      if (dataOffset > source.size) {
        throw new AudioParseError("aiff: SSND data offset past the end of the file");
      }
      return layoutFor(common, dataOffset, Math.min(size - 8, source.size - dataOffset));
    }
    offset = body + size + (size & 1);
  }
  throw new AudioParseError(common ? "aiff: no SSND chunk" : "aiff: no COMM chunk");
}

function parseCommon(bytes: Uint8Array, compressed: boolean): CommonChunk {
  const needed = compressed ? 22 : 18;
  if (bytes.length < needed) {
    throw new AudioParseError(`aiff: COMM chunk of ${bytes.length} bytes, expected >= ${needed}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  return {
    channels: view.getUint16(0),
    frames: view.getUint32(2),
    bits: view.getUint16(6),
    sampleRate: readExtended80(bytes, 8),
    compression: compressed ? ascii(bytes, 18, 4) : "NONE",
  };
}

function layoutFor(common: CommonChunk, dataOffset: number, dataBytes: number): PcmLayout {
  const compression = common.compression;
  let encoding: "int" | "float" = "int";
  let bits = common.bits;
  let littleEndian = false;
  if (compression === "sowt") littleEndian = true;
  else if (compression === "fl32" || compression === "FL32") [encoding, bits] = ["float", 32];
  else if (compression === "fl64" || compression === "FL64") [encoding, bits] = ["float", 64];
  else if (compression !== "NONE" && compression !== "twos") {
    throw new AudioParseError(`aiff: unsupported compression ${JSON.stringify(compression)}`);
  }
  checkFormat("aiff", common.channels, common.sampleRate, bits, encoding);
  const frameBytes = (bits / 8) * common.channels;
  return {
    container: "aiff",
    channels: common.channels,
    sampleRate: common.sampleRate,
    bitsPerSample: bits as PcmLayout["bitsPerSample"],
    encoding,
    unsigned8: false,
    littleEndian,
    dataOffset,
    frames: Math.min(common.frames, Math.floor(Math.max(0, dataBytes) / frameBytes)),
  };
}
