/**
 * @module
 * Backpressure for one TCP client. Bun's `socket.write` takes what the kernel accepts and returns the count;
 * the rest is ours to keep until `drain`. This outbox keeps it, bounded: a status frame is skipped while
 * anything is still queued, and a backlog of must-arrive lines beyond `limitBytes` means the client is
 * not reading, so it is cut off instead of growing memory.
 */

export const DEFAULT_OUTBOX_LIMIT_BYTES = 1 << 20;

export interface SocketOutbox {
  /** Queues a line; returns false (and calls `onOverflow`) when the backlog would pass the limit. */
  send(bytes: Uint8Array): boolean;
  /** Writes a droppable frame only when nothing is queued; returns whether it was written. */
  sendDroppable(bytes: Uint8Array): boolean;
  /** Call from the socket's `drain` handler. */
  drain(): void;
  queuedBytes(): number;
}

export function createSocketOutbox(
  write: (bytes: Uint8Array) => number,
  onOverflow: () => void,
  limitBytes = DEFAULT_OUTBOX_LIMIT_BYTES,
): SocketOutbox {
  const queue: Uint8Array[] = [];
  let queued = 0;
  let overflowed = false;

  const writeNow = (bytes: Uint8Array) => {
    const written = Math.max(0, write(bytes));
    if (written < bytes.length) {
      queue.push(bytes.subarray(written));
      queued += bytes.length - written;
    }
  };

  return {
    send(bytes) {
      if (overflowed) return false;
      if (queued + bytes.length > limitBytes) {
        overflowed = true;
        queue.length = 0;
        queued = 0;
        onOverflow();
        return false;
      }
      if (queued > 0) {
        queue.push(bytes);
        queued += bytes.length;
      } else writeNow(bytes);
      return true;
    },
    sendDroppable(bytes) {
      if (queued > 0 || overflowed) return false;
      writeNow(bytes);
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
  };
}
