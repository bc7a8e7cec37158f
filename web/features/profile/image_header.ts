/**
 * @module Reads an uploaded image's format and pixel size from its first bytes, before anything decodes it.
 * Knowing the size up front lets the upload refuse decompression bombs (a tiny file that claims
 * a gigapixel canvas) without allocating the canvas.
 */

/** The picture formats the profile accepts. */
export type ImageFormat = "png" | "jpeg" | "webp";

/** What the header of an image file says about it. */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  animated: boolean;
}

/** Why a header could not be read; the message is meant for the person uploading. */
export type HeaderProblem = { problem: string };

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Identifies a PNG, JPEG or WebP file by its magic bytes and reads its dimensions.
 *
 * @example
 * const header = readImageHeader(bytes);
 * if ("problem" in header) return error(header.problem);
 */
export function readImageHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  if (startsWith(bytes, PNG_SIGNATURE)) return readPngHeader(bytes);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return readJpegHeader(bytes);
  if (ascii(bytes, 0, 4) === "RIFF" && ascii(bytes, 8, 4) === "WEBP") return readWebpHeader(bytes);
  return { problem: "The file is not a PNG, JPEG or WebP image." };
}

function readPngHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  if (bytes.length < 33 || ascii(bytes, 12, 4) !== "IHDR") return { problem: "The PNG file is damaged." };
  const view = dataView(bytes);
  const animated = findPngChunk(bytes, "acTL");
  return { format: "png", width: view.getUint32(16), height: view.getUint32(20), animated };
}

/** APNG marks animation with an acTL chunk, which must come before the first image data. */
function findPngChunk(bytes: Uint8Array, type: string): boolean {
  const view = dataView(bytes);
  let offset = 8;
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const chunkType = ascii(bytes, offset + 4, 4);
    if (chunkType === type) return true;
    if (chunkType === "IDAT" || chunkType === "IEND") return false;
    offset += 12 + length;
  }
  return false;
}

const JPEG_FRAME_MARKERS = new Set([
  0xc0,
  0xc1,
  0xc2,
  0xc3,
  0xc5,
  0xc6,
  0xc7,
  0xc9,
  0xca,
  0xcb,
  0xcd,
  0xce,
  0xcf,
]);

function readJpegHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  const view = dataView(bytes);
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) break;
    const marker = bytes[offset + 1];
    if (marker === 0xff) {
      offset++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) break;
    const length = view.getUint16(offset + 2);
    if (length < 2) break;
    if (JPEG_FRAME_MARKERS.has(marker)) {
      if (offset + 9 > bytes.length) break;
      return {
        format: "jpeg",
        height: view.getUint16(offset + 5),
        width: view.getUint16(offset + 7),
        animated: false,
      };
    }
    offset += 2 + length;
  }
  return { problem: "The JPEG file is damaged: no image frame was found." };
}

function readWebpHeader(bytes: Uint8Array): ImageHeader | HeaderProblem {
  const damaged = { problem: "The WebP file is damaged." };
  if (bytes.length < 30) return damaged;
  const view = dataView(bytes);
  const chunk = ascii(bytes, 12, 4);
  if (chunk === "VP8 ") {
    if (bytes[23] !== 0x9d || bytes[24] !== 0x01 || bytes[25] !== 0x2a) return damaged;
    const width = view.getUint16(26, true) & 0x3fff;
    const height = view.getUint16(28, true) & 0x3fff;
    return { format: "webp", width, height, animated: false };
  }
  if (chunk === "VP8L") {
    if (bytes[20] !== 0x2f) return damaged;
    const bits = view.getUint32(21, true);
    return {
      format: "webp",
      width: (bits & 0x3fff) + 1,
      height: ((bits >>> 14) & 0x3fff) + 1,
      animated: false,
    };
  }
  if (chunk === "VP8X") {
    const animated = (bytes[20] & 0x02) !== 0;
    const width = (bytes[24] | (bytes[25] << 8) | (bytes[26] << 16)) + 1;
    const height = (bytes[27] | (bytes[28] << 8) | (bytes[29] << 16)) + 1;
    return { format: "webp", width, height, animated };
  }
  return damaged;
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}

function dataView(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
