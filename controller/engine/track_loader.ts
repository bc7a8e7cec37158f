/**
 * @module
 * Main-thread side of the decoder Workers. Each deck's {@link TrackLoader} sends load requests, cancels
 * superseded ones and hands the replies of the current load to the engine. A Worker lives for one track:
 * it is taken from {@link DecoderWorkers} (which always has one started ahead, so a load never waits for a
 * Worker to boot) and ended when the track is decoded, which returns all of its decoding memory at once.
 */
import { spawnWorker } from "../audio/spawn_worker.ts";
import type { DecodeReply, DecodeRequest } from "./decode_worker.ts";

const DECODER_WORKER = "engine/decode_worker.ts";

export class DecoderWorkers {
  #spare: Promise<Worker>;
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

  /** Hands out the spare Worker and starts the next one. */
  take(): Promise<Worker> {
    const worker = this.#spare;
    if (!this.#closed) this.#spare = this.#spawn();
    return worker;
  }

  close(): void {
    this.#closed = true;
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
    // The Worker is idle once the current track is decoded or failed: end it to free its memory.
    if (reply.type === "done" || reply.type === "failed") this.#release();
    this.#onReply?.(reply);
  }

  #release(): void {
    this.#worker?.then((worker) => worker.terminate(), () => {});
    this.#worker = null;
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

  /** Stops the running load (its Worker notices between chunks) and ends its Worker. */
  terminate(): void {
    Atomics.store(this.#generation, 0, 0);
    this.#onReply = null;
    this.#release();
  }
}
