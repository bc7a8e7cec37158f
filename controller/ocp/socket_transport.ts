/**
 * @module
 * A {@link LinkTransport} over a Bun TCP socket, with its own write queue: bytes the kernel did not
 * take wait for `drain`, and a backlog over the limit reports a peer that stopped reading.
 */
import type { Socket } from "bun";
import type { LinkTransport } from "./link.ts";

export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** How long a closing socket may take to flush its backlog before it is cut. */
const CLOSE_FLUSH_MS = 1_000;

export class SocketTransport implements LinkTransport {
  #queue: Uint8Array[] = [];
  #queued = 0;
  #closing = false;

  constructor(
    private readonly socket: Socket<unknown>,
    readonly description: string,
    private readonly maxPendingBytes = DEFAULT_MAX_PENDING_BYTES,
  ) {}

  write(bytes: Uint8Array): boolean {
    if (this.#closing) return true;
    let rest = bytes;
    if (this.#queued === 0) {
      const written = Math.max(0, this.socket.write(bytes));
      if (written === bytes.length) return true;
      rest = bytes.subarray(written);
    }
    this.#queue.push(rest);
    this.#queued += rest.length;
    return this.#queued <= this.maxPendingBytes;
  }

  /** Call from the socket's `drain` handler. */
  drain(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0];
      const written = Math.max(0, this.socket.write(head));
      this.#queued -= written;
      if (written < head.length) {
        this.#queue[0] = head.subarray(written);
        return;
      }
      this.#queue.shift();
    }
    if (this.#closing) this.socket.end();
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#queued === 0) return void this.socket.end();
    // A peer that stopped reading would keep the backlog forever: give it a moment, then cut.
    setTimeout(() => this.socket.terminate(), CLOSE_FLUSH_MS).unref?.();
  }
}
