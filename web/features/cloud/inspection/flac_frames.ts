/**
 * @module
 * FLAC frame headers (sync code, UTF-8-coded frame or sample number, block size, CRC-8), enough to find
 * where the last frames of a file sit in the stream and so notice a file that was cut short.
 */

export interface FlacFrameHeader {
  /** Offset of the header in the bytes searched. */
  at: number;
  /** First sample of the frame (frame number × block size for fixed-block-size streams). */
  firstSample: number;
  blockSize: number;
  /** Frame number of a fixed-block-size stream, null for variable block sizes. */
  frameNumber: number | null;
}

function crc8(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0;
  for (let i = start; i < end; i++) {
    crc ^= bytes[i];
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x80 ? ((crc << 1) ^ 0x07) & 0xff : (crc << 1) & 0xff;
  }
  return crc;
}

/** The UTF-8-style coded number at `at` (up to 36 bits) and its length, or null when malformed. */
function codedNumber(bytes: Uint8Array, at: number): { value: number; length: number } | null {
  const first = bytes[at];
  if (first === undefined) return null;
  let extra = 0;
  let value = first;
  if (first < 0x80) return { value, length: 1 };
  for (let mask = 0x40; first & mask; mask >>= 1) extra++;
  if (extra < 1 || extra > 6) return null;
  value = first & (0x3f >> extra);
  for (let i = 1; i <= extra; i++) {
    const byte = bytes[at + i];
    if (byte === undefined || (byte & 0xc0) !== 0x80) return null;
    value = value * 64 + (byte & 0x3f);
  }
  return { value, length: extra + 1 };
}

/** The frame header at `at`, checked down to its CRC-8, or null. `nominalBlockSize` is STREAMINFO's. */
export function parseFlacFrameHeader(
  bytes: Uint8Array,
  at: number,
  nominalBlockSize: number,
): FlacFrameHeader | null {
  if (at + 6 > bytes.length || bytes[at] !== 0xff || (bytes[at + 1] & 0xfe) !== 0xf8) return null;
  const variable = (bytes[at + 1] & 0x01) === 1;
  const blockCode = bytes[at + 2] >> 4;
  const rateCode = bytes[at + 2] & 0x0f;
  if (blockCode === 0 || rateCode === 15 || (bytes[at + 3] & 0x01) !== 0 || (bytes[at + 3] >> 4) > 10) {
    return null;
  }
  const number = codedNumber(bytes, at + 4);
  if (!number) return null;
  let cursor = at + 4 + number.length;
  let blockSize: number;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 << (blockCode - 2);
  else if (blockCode === 6) blockSize = (bytes[cursor++] ?? 0) + 1;
  else if (blockCode === 7) {
    blockSize = (((bytes[cursor] ?? 0) << 8) | (bytes[cursor + 1] ?? 0)) + 1, cursor += 2;
  } else blockSize = 256 << (blockCode - 8);
  if (rateCode === 12) cursor += 1;
  else if (rateCode === 13 || rateCode === 14) cursor += 2;
  if (cursor >= bytes.length || crc8(bytes, at, cursor) !== bytes[cursor]) return null;
  return variable
    ? { at, firstSample: number.value, blockSize, frameNumber: null }
    : { at, firstSample: number.value * nominalBlockSize, blockSize, frameNumber: number.value };
}

/**
 * The sample where the audio in `tail` (the last bytes of a file) ends, from its last frame header, or
 * null when no trustworthy header is there. A header counts only when an earlier one in the window
 * agrees with it (the previous frame's number, or samples that lead up to it), so a sync code that
 * compressed data happens to contain cannot pass for a frame.
 */
export function lastFlacSample(tail: Uint8Array, nominalBlockSize: number): number | null {
  const headers: FlacFrameHeader[] = [];
  for (let at = 0; at + 6 <= tail.length; at++) {
    if (tail[at] !== 0xff) continue;
    const header = parseFlacFrameHeader(tail, at, nominalBlockSize);
    if (header) headers.push(header);
  }
  for (let i = headers.length - 1; i > 0; i--) {
    const last = headers[i];
    const agrees = headers.slice(0, i).some((earlier) =>
      last.frameNumber !== null
        ? earlier.frameNumber === last.frameNumber - 1
        : earlier.firstSample + earlier.blockSize === last.firstSample
    );
    if (agrees) return last.firstSample + last.blockSize;
  }
  return null;
}
