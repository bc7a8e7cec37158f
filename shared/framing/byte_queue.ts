/**
 * @module
 * A growable byte buffer that decoders append to and consume from the front, without copying the
 * whole backlog on every read (a frame split over many reads stays linear in its size).
 */

export class ByteQueue {
  #bytes = new Uint8Array(4096);
  #start = 0;
  #end = 0;

  get length(): number {
    return this.#end - this.#start;
  }

  append(chunk: Uint8Array): void {
    if (this.#end + chunk.length > this.#bytes.length) this.#makeRoom(chunk.length);
    this.#bytes.set(chunk, this.#end);
    this.#end += chunk.length;
  }

  /** Byte at `offset` from the front; the caller checks `offset < length`. */
  at(offset: number): number {
    return this.#bytes[this.#start + offset];
  }

  /** Index of `byte` at or after `from`, relative to the front, or -1. */
  indexOf(byte: number, from = 0): number {
    // Searching the whole store avoids a view per call; a hit past the live end is stale bytes.
    const at = this.#bytes.indexOf(byte, this.#start + from);
    return at < 0 || at >= this.#end ? -1 : at - this.#start;
  }

  /** The first `count` bytes without copying; valid only until the queue next changes. */
  peek(count: number): Uint8Array {
    return this.#bytes.subarray(this.#start, this.#start + count);
  }

  /** Removes and returns the first `count` bytes as an independent copy. */
  take(count: number): Uint8Array {
    const out = this.#bytes.slice(this.#start, this.#start + count);
    this.drop(count);
    return out;
  }

  drop(count: number): void {
    this.#start += Math.min(count, this.length);
    if (this.#start === this.#end) this.#start = this.#end = 0;
  }

  #makeRoom(extra: number): void {
    const live = this.length;
    const needed = live + extra;
    if (needed <= this.#bytes.length / 2) {
      // Plenty of space once the consumed front is reclaimed: slide the live bytes down.
      this.#bytes.copyWithin(0, this.#start, this.#end);
    } else {
      const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
      grown.set(this.#bytes.subarray(this.#start, this.#end));
      this.#bytes = grown;
    }
    this.#start = 0;
    this.#end = live;
  }
}
