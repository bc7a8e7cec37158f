/**
 * @module
 * RIFF/WAVE header parsing: PCM (8/16/24/32-bit), IEEE float (32/64-bit) and WAVE_FORMAT_EXTENSIBLE.
 *
 * @example
 * ```ts
 * const layout = parseWav(bytesSource(fileBytes));
 * console.log(layout.channels, layout.sampleRate, layout.frames);
 * ```
 */
import type { ByteSource } from "./byte_source.ts";
import { AudioParseError, checkFormat, PARSE_LIMITS, type PcmLayout } from "./pcm_layout.ts";

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

function ascii(bytes: Uint8Array, start: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(start, start + length));
}

/** Reads the WAV header; throws {@link AudioParseError} for anything that is not a playable WAV. */
export function parseWav(source: ByteSource): PcmLayout {
  const head = source.read(0, 12);
  if (head.length < 12 || ascii(head, 0, 4) !== "RIFF" || ascii(head, 8, 4) !== "WAVE") {
    throw new AudioParseError("wav: missing RIFF/WAVE header");
  }
  let format: { tag: number; channels: number; sampleRate: number; bits: number } | null = null;
  let offset = 12;
  for (let chunks = 0; offset + 8 <= source.size; chunks++) {
    if (chunks >= PARSE_LIMITS.maxChunks) throw new AudioParseError("wav: too many chunks");
    const header = source.read(offset, 8);
    const id = ascii(header, 0, 4);
    const size = new DataView(header.buffer, header.byteOffset, 8).getUint32(4, true);
    const body = offset + 8;
    if (id === "fmt ") format = parseFmt(source.read(body, Math.min(size, 40)));
    if (id === "data") {
      if (!format) throw new AudioParseError("wav: data chunk before fmt chunk");
      return layoutFor(format, body, Math.min(size, source.size - body));
    }
    offset = body + size + (size & 1);
  }
  throw new AudioParseError(format ? "wav: no data chunk" : "wav: no fmt chunk");
}

function parseFmt(bytes: Uint8Array): { tag: number; channels: number; sampleRate: number; bits: number } {
  if (bytes.length < 16) throw new AudioParseError(`wav: fmt chunk of ${bytes.length} bytes, expected >= 16`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  let tag = view.getUint16(0, true);
  if (tag === FORMAT_EXTENSIBLE) {
    if (bytes.length < 26) throw new AudioParseError("wav: extensible fmt chunk too short");
    tag = view.getUint16(24, true);
  }
  return {
    tag,
    channels: view.getUint16(2, true),
    sampleRate: view.getUint32(4, true),
    bits: view.getUint16(14, true),
  };
}

function layoutFor(
  format: { tag: number; channels: number; sampleRate: number; bits: number },
  dataOffset: number,
  dataBytes: number,
): PcmLayout {
  if (format.tag !== FORMAT_PCM && format.tag !== FORMAT_FLOAT) {
    throw new AudioParseError(`wav: unsupported format tag ${format.tag} (PCM and float only)`);
  }
  const encoding = format.tag === FORMAT_PCM ? "int" : "float";
  checkFormat("wav", format.channels, format.sampleRate, format.bits, encoding);
  const frameBytes = (format.bits / 8) * format.channels;
  return {
    container: "wav",
    channels: format.channels,
    sampleRate: format.sampleRate,
    bitsPerSample: format.bits as PcmLayout["bitsPerSample"],
    encoding,
    unsigned8: true,
    littleEndian: true,
    dataOffset,
    frames: Math.floor(Math.max(0, dataBytes) / frameBytes),
  };
}
