/**
 * @module
 * A {@link LinkTransport} over a Bun TCP socket, writing through the controller's bounded
 * {@link SocketWriter}: bytes the kernel did not take wait for `drain`, and a backlog over the limit
 * reports a peer that stopped reading (the link then closes).
 */
import type { Socket } from "bun";
import { createSocketWriter, type SocketWriter } from "../net/socket_writer.ts";
import type { LinkTransport } from "./link.ts";

export const DEFAULT_MAX_PENDING_BYTES = 4 * 1024 * 1024;
/** How long a closing socket may take to flush its backlog before it is cut. */
const CLOSE_FLUSH_MS = 1_000;

export class SocketTransport implements LinkTransport {
  readonly #writer: SocketWriter;
  #closing = false;

  constructor(
    private readonly socket: Socket<unknown>,
    readonly description: string,
    maxPendingBytes = DEFAULT_MAX_PENDING_BYTES,
  ) {
    // On overflow the link closes this transport; there is nothing else to do here.
    this.#writer = createSocketWriter((data) => socket.write(data), () => {}, maxPendingBytes);
  }

  write(bytes: Uint8Array): boolean {
    if (this.#closing) return true;
    return this.#writer.send(bytes);
  }

  /** Call from the socket's `drain` handler. */
  drain(): void {
    this.#writer.drain();
    if (this.#closing && this.#writer.queuedBytes() === 0) this.socket.end();
  }

  close(): void {
    if (this.#closing) return;
    this.#closing = true;
    if (this.#writer.queuedBytes() === 0) return void this.socket.end();
    // A peer that stopped reading would keep the backlog forever: give it a moment, then cut.
    setTimeout(() => this.socket.terminate(), CLOSE_FLUSH_MS).unref?.();
  }
}
