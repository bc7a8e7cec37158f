/**
 * @module
 * Backpressure for one TCP connection, the same for every TCP server of the controller (engine API,
 * OCP accessories, mixer daemon). Bun's `socket.write` takes what the kernel accepts and returns the
 * count; the rest is ours to keep until `drain`. This writer keeps it, in order and bounded: a
 * droppable frame is skipped while anything is still queued, and a backlog beyond `limitBytes` means
 * the peer is not reading, so `onOverflow` cuts it off instead of growing memory.
 */

export const DEFAULT_WRITER_LIMIT_BYTES = 1 << 20;

export interface SocketWriter {
  /**
   * Writes what the socket takes and queues the rest; returns false (and calls `onOverflow` once) when
   * the backlog passes the limit. A string is encoded only when the socket did not take all of it.
   */
  send(data: string | Uint8Array): boolean;
  /** Writes a droppable frame only when nothing is queued; returns whether it was written. */
  sendDroppable(data: string | Uint8Array): boolean;
  /** Call from the socket's `drain` handler. */
  drain(): void;
  queuedBytes(): number;
  /** Forgets the backlog (the connection is being cut). */
  clear(): void;
}

export function createSocketWriter(
  write: (data: string | Uint8Array) => number,
  onOverflow: () => void,
  limitBytes = DEFAULT_WRITER_LIMIT_BYTES,
): SocketWriter {
  let queue: Uint8Array[] = [];
  let queued = 0;
  let overflowed = false;

  const keep = (bytes: Uint8Array) => {
    queue.push(bytes);
    queued += bytes.length;
  };

  /** Writes `data` now; keeps whatever the socket did not take. */
  const writeNow = (data: string | Uint8Array) => {
    const written = Math.max(0, write(data));
    if (typeof data === "string") {
      // Only a short write pays for encoding the string to find the unsent remainder.
      if (written >= Buffer.byteLength(data)) return;
      data = Buffer.from(data);
    }
    if (written < data.length) keep(data.subarray(written));
  };

  const clear = () => {
    queue = [];
    queued = 0;
  };

  return {
    send(data) {
      if (overflowed) return false;
      if (queued > 0) keep(typeof data === "string" ? Buffer.from(data) : data);
      else writeNow(data);
      if (queued <= limitBytes) return true;
      overflowed = true;
      onOverflow();
      clear();
      return false;
    },
    sendDroppable(data) {
      if (queued > 0 || overflowed) return false;
      writeNow(data);
      return true;
    },
    drain() {
      while (queue.length > 0) {
        const head = queue[0];
        const written = Math.max(0, write(head));
        queued -= written;
        if (written < head.length) {
          queue[0] = head.subarray(written);
          return;
        }
        queue.shift();
      }
    },
    queuedBytes: () => queued,
    clear,
  };
}
