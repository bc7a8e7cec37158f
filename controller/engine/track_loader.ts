/**
 * @module
 * Main-thread side of the decoder Workers. Each deck's {@link TrackLoader} sends load requests, cancels
 * superseded ones and hands the replies of the current load to the engine. A Worker is borrowed for one
 * track from {@link DecoderWorkers}, which keeps one fresh Worker started ahead (a load never waits for a
 * Worker to boot) and one idle, already-used Worker (its JIT is warm, so its first block comes sooner);
 * any other Worker is ended once its track is decoded, which returns its memory at once.
 */
import { spawnWorker } from "../audio/spawn_worker.ts";
import type { DecodeReply, DecodeRequest } from "./decode_worker.ts";

const DECODER_WORKER = "engine/decode_worker.ts";

export class DecoderWorkers {
  #spare: Promise<Worker>;
  #idle: Worker | null = null;
  #closed = false;

  constructor() {
    this.#spare = this.#spawn();
  }

  #spawn(): Promise<Worker> {
    const worker = spawnWorker(DECODER_WORKER);
    // A failed spare is reported to whoever takes it, not as an unhandled rejection now.
    worker.catch(() => {});
    return worker;
  }

  /** Resolves once the spare Worker runs; rejects when decoder Workers cannot start at all. */
  async ready(): Promise<void> {
    await this.#spare;
  }

  /** Hands out the idle used Worker if there is one, else the spare (and starts the next spare). */
  take(): Promise<Worker> {
    const idle = this.#idle;
    if (idle) {
      this.#idle = null;
      return Promise.resolve(idle);
    }
    const worker = this.#spare;
    if (!this.#closed) this.#spare = this.#spawn();
    return worker;
  }

  /** Takes back a Worker that finished its track: kept as the idle one, or ended. */
  release(worker: Worker): void {
    if (this.#idle || this.#closed) worker.terminate();
    else this.#idle = worker;
  }

  close(): void {
    this.#closed = true;
    this.#idle?.terminate();
    this.#idle = null;
    this.#spare.then((worker) => worker.terminate(), () => {});
  }
}

export class TrackLoader {
  readonly #pool: DecoderWorkers;
  readonly #generation = new Int32Array(new SharedArrayBuffer(4));
  #worker: Promise<Worker> | null = null;
  #nextId = 1;
  #onReply: ((reply: DecodeReply) => void) | null = null;

  constructor(pool: DecoderWorkers) {
    this.#pool = pool;
  }

  #current(): number {
    return Atomics.load(this.#generation, 0);
  }

  #acquire(): Promise<Worker> {
    this.#worker ??= this.#pool.take().then((worker) => {
      worker.onmessage = (event: MessageEvent<DecodeReply>) => this.#receive(event.data);
      return worker;
    });
    return this.#worker;
  }

  #receive(reply: DecodeReply): void {
    if (reply.loadId !== this.#current()) return;
    // The Worker is idle once the current track is decoded or failed: give it back.
    if (reply.type === "done" || reply.type === "failed") {
      this.#worker?.then((worker) => this.#pool.release(worker), () => {});
      this.#worker = null;
    }
    this.#onReply?.(reply);
  }

  /**
   * Starts decoding `path`; replies of any earlier load are dropped from now on. Rejects when no decoder
   * Worker could be started.
   */
  async load(path: string, pointsPerSecond: number, onReply: (reply: DecodeReply) => void): Promise<void> {
    const loadId = this.#nextId++;
    Atomics.store(this.#generation, 0, loadId);
    this.#onReply = onReply;
    let worker: Worker;
    try {
      worker = await this.#acquire();
    } catch (error) {
      this.#worker = null;
      throw error;
    }
    if (loadId !== this.#current()) return;
    const request: DecodeRequest = {
      type: "load",
      loadId,
      path,
      generation: this.#generation,
      pointsPerSecond,
    };
    worker.postMessage(request);
  }

  /** Stops the running load and ends its Worker. */
  terminate(): void {
    Atomics.store(this.#generation, 0, 0);
    this.#onReply = null;
    this.#worker?.then((worker) => worker.terminate(), () => {});
    this.#worker = null;
  }
}
