/**
 * @module
 * Random access to the bytes of a file or buffer, so container parsers can walk chunk headers without
 * reading the audio data.
 */

export interface ByteSource {
  readonly size: number;
  /** Returns up to `length` bytes from `offset` (fewer at the end of the source, none past it). */
  read(offset: number, length: number): Uint8Array;
}

/** A {@link ByteSource} over bytes already in memory. */
export function bytesSource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: (offset, length) =>
      bytes.subarray(Math.min(offset, bytes.length), Math.min(offset + length, bytes.length)),
  };
}
