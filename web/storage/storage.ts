/**
 * @module
 * Object storage for user files (profile pictures, the cloud library). The default backend is the
 * local filesystem under DATA_DIR; `s3_storage.ts` implements the same interface on any S3 API.
 * Large files never pass through memory whole: they are read as streams and written through
 * resumable partial objects (`beginPartial` … `completePartial`), which is what tus uploads need.
 */

/** An inclusive byte range, as in an HTTP `Range: bytes=start-end` header. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface Storage {
  put(key: string, data: Uint8Array): Promise<void>;
  /** The stored bytes, or null when nothing is stored under `key`. */
  get(key: string): Promise<Uint8Array | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
  /** The object's size in bytes, or null when nothing is stored under `key`. */
  size(key: string): Promise<number | null>;
  /** Streams the object, or the bytes of `range`; null when nothing is stored under `key`. */
  read(key: string, range?: ByteRange): Promise<ReadableStream<Uint8Array> | null>;
  /**
   * Starts a partial object under `key` that will become `finalKey`, and returns its backend state
   * (JSON text), which the caller keeps and hands back to the other partial calls.
   */
  beginPartial(key: string, finalKey: string): Promise<string>;
  /**
   * Appends `chunks` to the partial object that holds `offset` bytes. Returns the new state and the
   * new offset; what it returns is durable. `chunks` must end rather than throw: the caller decides
   * what a broken connection means, and everything that arrived before it is kept.
   */
  appendPartial(
    key: string,
    state: string,
    offset: number,
    chunks: AsyncIterable<Uint8Array>,
  ): Promise<{ state: string; offset: number }>;
  /** Turns the partial object into the object `finalKey`. */
  completePartial(key: string, state: string, finalKey: string): Promise<void>;
  /** Discards the partial object and everything written to it. */
  abortPartial(key: string, state: string): Promise<void>;
  /**
   * A URL anyone may GET the object from (with `Range`) for `expiresInSec`, for backends that can sign
   * one (S3); others leave it out and the portal serves the bytes itself.
   */
  presignedGetUrl?(key: string, expiresInSec: number): Promise<string>;
}

/** Keys are relative paths of safe segments, so no key can escape the storage root. */
export function assertValidKey(key: string): void {
  const segment = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
  if (key.length > 512 || !key.split("/").every((part) => segment.test(part) && part !== "..")) {
    throw new Error(`Invalid storage key ${JSON.stringify(key)}: expected segments of [A-Za-z0-9._-]`);
  }
}

/** Reads a whole stream into one array (for small objects only). */
export async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let total = 0;
  for await (const part of stream) {
    parts.push(part);
    total += part.byteLength;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.byteLength;
  }
  return bytes;
}
