/**
 * @module
 * Main-thread side of a deck's decoder Worker: sends load requests, cancels superseded ones, and hands
 * the replies of the current load to the engine.
 */
import { spawnWorker } from "../audio/spawn_worker.ts";
import type { DecodeReply, DecodeRequest } from "./decode_worker.ts";

export class TrackLoader {
  readonly #worker: Worker;
  readonly #generation = new Int32Array(new SharedArrayBuffer(4));
  #nextId = 1;
  #onReply: ((reply: DecodeReply) => void) | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.onmessage = (event: MessageEvent<DecodeReply>) => {
      if (event.data.loadId === Atomics.load(this.#generation, 0)) this.#onReply?.(event.data);
    };
  }

  static async start(): Promise<TrackLoader> {
    return new TrackLoader(await spawnWorker("engine/decode_worker.ts"));
  }

  /** Starts decoding `path`; replies of any earlier load are dropped from now on. */
  load(path: string, pointsPerSecond: number, onReply: (reply: DecodeReply) => void): void {
    const loadId = this.#nextId++;
    Atomics.store(this.#generation, 0, loadId);
    this.#onReply = onReply;
    const request: DecodeRequest = {
      type: "load",
      loadId,
      path,
      generation: this.#generation,
      pointsPerSecond,
    };
    this.#worker.postMessage(request);
  }

  /** Stops the running load (its Worker notices between chunks). */
  cancel(): void {
    Atomics.store(this.#generation, 0, 0);
    this.#onReply = null;
  }

  terminate(): void {
    this.cancel();
    this.#worker.terminate();
  }
}
