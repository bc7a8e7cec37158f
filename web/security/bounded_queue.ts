/**
 * @module
 * A queue for expensive work (password hashing, image decoding) that runs at most `concurrency` tasks
 * at once and lets at most `maxWaiting` more wait. Past that it refuses at once with
 * {@link QueueFullError}, so a burst costs the burst a 503 instead of costing everyone a stall.
 */

/** Thrown by {@link BoundedQueue.run} when the queue is full; the app answers 503 with Retry-After. */
export class QueueFullError extends Error {
  constructor(readonly work: string, readonly retryAfterSec: number) {
    super(`Too much ${work} at once`);
    this.name = "QueueFullError";
  }
}

export interface BoundedQueueOptions {
  /** What the queue does, for messages ("password checks"). */
  work: string;
  concurrency: number;
  maxWaiting: number;
  /** What a refused caller is told to wait. */
  retryAfterSec?: number;
}

export interface BoundedQueue {
  /** Runs `task` when a slot is free; rejects with QueueFullError when all slots and places are taken. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks running now. */
  readonly running: number;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
}

/**
 * @example
 * const hashing = boundedQueue({ work: "password checks", concurrency: 4, maxWaiting: 16 });
 * const phc = await hashing.run(() => hash(password));
 */
export function boundedQueue(options: BoundedQueueOptions): BoundedQueue {
  const { work, concurrency, maxWaiting, retryAfterSec = 5 } = options;
  const queue: (() => void)[] = [];
  let running = 0;

  const release = () => {
    running--;
    const next = queue.shift();
    if (next) {
      running++;
      next();
    }
  };

  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (running >= concurrency) {
        if (queue.length >= maxWaiting) throw new QueueFullError(work, retryAfterSec);
        await new Promise<void>((resolve) => queue.push(resolve));
      } else {
        running++;
      }
      try {
        return await task();
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
