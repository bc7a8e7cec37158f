/**
 * @module
 * Framing for the TCP ports: bytes → messages. A message is NUL-terminated UTF-8 text, or a binary
 * `"UBJS"` + uint32 LE length + payload frame (its `\0\0` trailer, when present, reads as two empty
 * text messages and is skipped). Nothing larger than the limit is ever buffered: an oversized or
 * unterminated message is a fatal framing error, reported once.
 */
import { UBJS_HEADER_LENGTH } from "../../../shared/ubjson/mod.ts";

/** The protocol's maximum message size. */
export const MAX_MESSAGE_BYTES = 1024 * 1024;

export type Frame =
  | { kind: "text"; text: string }
  | { kind: "ubjson"; payload: Uint8Array }
  | { kind: "fatal"; error: string };

const MAGIC = [0x55, 0x42, 0x4a, 0x53]; // "UBJS"
const decoder = new TextDecoder();

/** How many leading bytes at `offset` agree with the magic (4 = a frame starts here). */
function magicPrefixLength(bytes: Uint8Array, offset: number): number {
  let n = 0;
  while (n < 4 && offset + n < bytes.length && bytes[offset + n] === MAGIC[n]) n++;
  return n;
}

export class TcpFramer {
  #pending: Uint8Array | null = null;
  #failed = false;

  constructor(readonly maxMessageBytes = MAX_MESSAGE_BYTES) {}

  /** Feeds received bytes; returns the complete messages they finish, in order. */
  push(chunk: Uint8Array): Frame[] {
    if (this.#failed) return [];
    const frames: Frame[] = [];
    let bytes = chunk;
    if (this.#pending) {
      bytes = new Uint8Array(this.#pending.length + chunk.length);
      bytes.set(this.#pending);
      bytes.set(chunk, this.#pending.length);
      this.#pending = null;
    }
    let offset = 0;
    while (offset < bytes.length) {
      const first = bytes[offset];
      if (first === 0) {
        offset++;
        continue;
      }
      if (first === MAGIC[0]) {
        const matched = magicPrefixLength(bytes, offset);
        const available = bytes.length - offset;
        if (matched === available && available < 4) break; // could still become "UBJS"
        if (matched === 4) {
          if (available < UBJS_HEADER_LENGTH) break;
          const length = new DataView(bytes.buffer, bytes.byteOffset + offset + 4, 4).getUint32(0, true);
          if (length > this.maxMessageBytes) {
            return this.#fail(frames, `UBJSON frame of ${length} bytes exceeds ${this.maxMessageBytes}.`);
          }
          if (available < UBJS_HEADER_LENGTH + length) break;
          const start = offset + UBJS_HEADER_LENGTH;
          frames.push({ kind: "ubjson", payload: bytes.slice(start, start + length) });
          offset = start + length;
          continue;
        }
      }
      const end = bytes.indexOf(0, offset);
      if (end < 0) {
        if (bytes.length - offset > this.maxMessageBytes) {
          return this.#fail(frames, `Message exceeds ${this.maxMessageBytes} bytes.`);
        }
        break;
      }
      if (end - offset > this.maxMessageBytes) {
        return this.#fail(frames, `Message exceeds ${this.maxMessageBytes} bytes.`);
      }
      frames.push({ kind: "text", text: decoder.decode(bytes.subarray(offset, end)) });
      offset = end + 1;
    }
    // Copy the remainder: the runtime may reuse the chunk's memory for the next read.
    if (offset < bytes.length) this.#pending = bytes.slice(offset);
    return frames;
  }

  #fail(frames: Frame[], error: string): Frame[] {
    this.#failed = true;
    this.#pending = null;
    frames.push({ kind: "fatal", error });
    return frames;
  }
}
