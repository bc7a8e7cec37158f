/**
 * @module
 * A small pool of picture Workers behind a bounded queue. At most `workers` pictures are decoded at
 * once, at most `maxWaiting` more wait, and past that an upload is refused at once (the app answers
 * 503), so a burst of large pictures neither stalls the portal nor piles up memory. Idle workers are
 * ended after a while and started again on demand.
 */
import { boundedQueue } from "../../security/bounded_queue.ts";
import { checkPictureUpload, type ProfilePicture } from "./picture.ts";
import type { PictureAnswer, PictureJob } from "./picture_worker.ts";

export interface PicturePoolOptions {
  workers: number;
  maxWaiting: number;
  /** How long an unused worker is kept before it is ended. */
  idleMs?: number;
}

export interface PicturePool {
  /** Checks `upload` here and, when it passes, decodes and re-encodes it on a worker. */
  normalize(upload: Uint8Array): Promise<ProfilePicture | { problem: string }>;
  /** Pictures being decoded now. */
  readonly running: number;
  /** Pictures waiting for a worker. */
  readonly waiting: number;
}

const WORKER_URL = new URL("./picture_worker.ts", import.meta.url);

/**
 * @example
 * const pool = picturePool({ workers: 1, maxWaiting: 4 });
 * const picture = await pool.normalize(bytes); // throws QueueFullError when the queue is full
 */
export function picturePool(options: PicturePoolOptions): PicturePool {
  const { workers, maxWaiting, idleMs = 5_000 } = options;
  const queue = boundedQueue({ work: "picture uploads", concurrency: workers, maxWaiting });
  const idle: Worker[] = [];
  let idleTimer: ReturnType<typeof setTimeout> | undefined;

  const endIdleWorkersLater = () => {
    clearTimeout(idleTimer);
    const timer = setTimeout(() => {
      for (const worker of idle.splice(0)) worker.terminate();
    }, idleMs);
    // The timer must not keep the process alive; it only ends workers that would.
    Deno.unrefTimer(timer);
    idleTimer = timer;
  };

  const render = (job: PictureJob) =>
    new Promise<PictureAnswer>((resolve) => {
      const worker = idle.pop() ?? new Worker(WORKER_URL, { type: "module" });
      worker.onmessage = (event: MessageEvent<PictureAnswer>) => {
        idle.push(worker);
        endIdleWorkersLater();
        resolve(event.data);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        // A worker that crashed (or ran out of memory) is not reused.
        worker.terminate();
        resolve({ problem: "The picture could not be processed." });
      };
      worker.postMessage(job, [job.upload.buffer]);
    });

  return {
    async normalize(upload) {
      const header = checkPictureUpload(upload);
      if ("problem" in header) return header;
      const own = upload.slice();
      return await queue.run(() => render({ upload: own, header }));
    },
    get running() {
      return queue.running;
    },
    get waiting() {
      return queue.waiting;
    },
  };
}

/** The portal's pool: one worker (the portal host has few cores) and four uploads waiting at most. */
export const profilePictures = picturePool({ workers: 1, maxWaiting: 4 });
