/**
 * @module
 * The separation queue: jobs run in separation Workers (low priority), one at a time unless configured
 * otherwise, in the order they were queued. Each job is hashed first; a track whose stems are cached
 * for the tier finishes at once. Progress and results go out as {@link StemEvent}s.
 */
import { spawnWorker } from "../../audio/spawn_worker.ts";
import type { Logger } from "../../log/logger.ts";
import { EngineError } from "../types.ts";
import type { DemucsReport } from "./demucs_check.ts";
import { type StemCache, UID_PATTERN } from "./stem_cache.ts";
import type { StemEvent, StemJobStatus, StemQueueStatus } from "./stem_events.ts";
import type { StemTier } from "./stem_set.ts";
import type { StemReply, StemRequest } from "./stem_worker.ts";

const STEM_WORKER = "engine/stems/stem_worker.ts";
const MAX_PATH_LENGTH = 4096;
/** Jobs waiting at most; one more is refused rather than queued without bound. */
export const MAX_QUEUED_JOBS = 64;
/** Finished jobs kept for `stem_status`. */
const FINISHED_KEPT = 32;
const DEMUCS_CHECK_TIMEOUT_MS = 60_000;

export interface StemQueueOptions {
  cache: StemCache;
  tier: StemTier;
  logger: Logger;
  emit: (event: StemEvent) => void;
  demucsModel: string | null;
  demucsSegmentFrames?: number;
  /** Jobs running at once (default 1). */
  concurrency?: number;
  /** Starts a separation Worker (tests replace it, e.g. to name another onnxruntime package). */
  spawn?: () => Promise<Worker>;
  /** Package name for the demucs check (tests point it at a missing package). */
  runtimePackage?: string;
}

interface Job extends StemJobStatus {
  id: number;
  path: string;
  hash: string | null;
}

export class StemQueue {
  readonly #options: StemQueueOptions;
  readonly #jobs: Job[] = [];
  readonly #idle: Worker[] = [];
  readonly #busy = new Set<Worker>();
  #running = 0;
  #nextId = 1;
  #closed = false;
  #check: Promise<DemucsReport> | null = null;
  tier: StemTier;

  constructor(options: StemQueueOptions) {
    this.#options = options;
    this.tier = options.tier;
  }

  #spawn(): Promise<Worker> {
    return this.#options.spawn?.() ?? spawnWorker(STEM_WORKER);
  }

  /** Queues `path` under `uid` in the current tier; a job already waiting for the same uid, path and tier is reused. */
  separate(uid: string, path: string): StemJobStatus {
    if (typeof uid !== "string" || !UID_PATTERN.test(uid)) {
      throw new EngineError("uid must be 1-128 letters, digits or ._:- (starting with a letter or digit)");
    }
    if (typeof path !== "string" || path.length === 0 || path.length > MAX_PATH_LENGTH) {
      throw new EngineError(`path must be 1..${MAX_PATH_LENGTH} characters`);
    }
    const tier = this.tier;
    const pending = this.#jobs.filter((job) => job.state === "queued" || job.state === "running");
    const same = pending.find((job) => job.uid === uid && job.tier === tier && job.path === path);
    if (same) {
      // A repeat is answered too, with the waiting job's place, so every accepted request hears back.
      this.#options.emit({ event: "stem_queued", data: { uid, tier, position: pending.indexOf(same) } });
      return statusOf(same);
    }
    if (pending.length >= MAX_QUEUED_JOBS) {
      throw new EngineError(`the stem queue is full (${MAX_QUEUED_JOBS} jobs)`);
    }
    const job: Job = {
      id: this.#nextId++,
      uid,
      path,
      tier,
      state: "queued",
      percent: 0,
      error: null,
      hash: null,
    };
    this.#jobs.push(job);
    this.#options.emit({ event: "stem_queued", data: { uid, tier, position: pending.length } });
    this.#pump();
    return statusOf(job);
  }

  status(): StemQueueStatus {
    const stats = this.#options.cache.stats();
    return {
      algo: this.tier,
      jobs: this.#jobs.map(statusOf),
      cache: { bytes: stats.bytes, max_bytes: stats.maxBytes, entries: stats.entries, tracks: stats.tracks },
    };
  }

  #pump(): void {
    const concurrency = this.#options.concurrency ?? 1;
    while (!this.#closed && this.#running < concurrency) {
      const job = this.#jobs.find((candidate) => candidate.state === "queued");
      if (!job) break;
      job.state = "running";
      this.#running++;
      this.#start(job);
    }
    if (this.#running === 0) {
      // Separation leaves hundreds of MB behind in a Worker's heap: an idle queue gives it all back.
      for (const worker of this.#idle.splice(0)) worker.terminate();
    }
  }

  async #start(job: Job): Promise<void> {
    let worker: Worker;
    try {
      worker = this.#idle.pop() ?? await this.#spawn();
    } catch (error) {
      return this.#finish(job, null, `the separation Worker did not start: ${(error as Error).message}`);
    }
    if (this.#closed) return void worker.terminate();
    this.#busy.add(worker);
    worker.onmessage = (event: MessageEvent<StemReply>) => this.#receive(job, worker, event.data);
    worker.onerror = (event) => {
      event.preventDefault?.();
      worker.terminate();
      this.#busy.delete(worker);
      this.#finish(job, null, `the separation Worker failed: ${event.message}`);
    };
    const request: StemRequest = {
      type: "separate",
      jobId: job.id,
      path: job.path,
      tier: job.tier,
      demucs: this.#options.demucsModel === null
        ? null
        : { modelPath: this.#options.demucsModel, segmentFrames: this.#options.demucsSegmentFrames },
    };
    worker.postMessage(request);
  }

  #receive(job: Job, worker: Worker, reply: StemReply): void {
    const { cache, emit, logger } = this.#options;
    switch (reply.type) {
      case "hashed": {
        job.hash = reply.hash;
        const cached = cache.has(reply.hash, job.tier);
        if (cached) cache.link(job.uid, job.path, reply.hash, job.tier);
        worker.postMessage(
          {
            type: "proceed",
            jobId: job.id,
            file: cached ? null : cache.fileOf(reply.hash, job.tier),
          } satisfies StemRequest,
        );
        return;
      }
      case "progress":
        job.percent = reply.percent;
        emit({ event: "stem_progress", data: { uid: job.uid, tier: job.tier, percent: reply.percent } });
        return;
      case "skipped": {
        const entry = cache.lookup(job.uid, job.tier);
        return this.#finish(job, worker, null, { durationSec: entry?.durationSec ?? 0, cached: true });
      }
      case "done": {
        const fits = cache.add(job.uid, job.path, {
          hash: job.hash!,
          tier: job.tier,
          bytes: reply.bytes,
          durationSec: reply.durationSec,
          meta: reply.meta,
        });
        if (!fits) {
          return this.#finish(
            job,
            worker,
            `the stems take ${reply.bytes} bytes, more than the cache cap of ${cache.maxBytes}`,
          );
        }
        logger.info("analysis", "stems separated", { uid: job.uid, tier: job.tier, bytes: reply.bytes });
        return this.#finish(job, worker, null, { durationSec: reply.durationSec, cached: false });
      }
      case "failed":
        return this.#finish(job, worker, reply.message);
    }
  }

  #finish(
    job: Job,
    worker: Worker | null,
    error: string | null,
    result?: { durationSec: number; cached: boolean },
  ): void {
    if (job.state !== "running") return;
    this.#running--;
    if (worker) {
      this.#busy.delete(worker);
      worker.onmessage = null;
      worker.onerror = null;
      if (this.#closed) worker.terminate();
      else this.#idle.push(worker);
    }
    const { uid, tier } = job;
    if (error !== null || !result) {
      job.state = "failed";
      job.error = error ?? "separation failed";
      this.#options.logger.warn("analysis", "stem separation failed", { uid, tier, error: job.error });
      this.#options.emit({ event: "stem_error", data: { uid, tier, message: job.error } });
    } else {
      job.state = "done";
      job.percent = 100;
      this.#options.emit({
        event: "stem_done",
        data: {
          uid,
          tier,
          duration_sec: Math.round(result.durationSec * 1000) / 1000,
          cached: result.cached,
        },
      });
    }
    const finished = this.#jobs.filter((j) => j.state === "done" || j.state === "failed");
    for (const old of finished.slice(0, Math.max(0, finished.length - FINISHED_KEPT))) {
      this.#jobs.splice(this.#jobs.indexOf(old), 1);
    }
    this.#pump();
  }

  /**
   * Runs the demucs check in a Worker of its own (so onnxruntime never loads on the main thread). Checks
   * asked for while one runs share its answer, so a client repeating the command starts no more Workers.
   */
  demucsCheck(): Promise<DemucsReport> {
    this.#check ??= this.#runDemucsCheck().finally(() => (this.#check = null));
    return this.#check;
  }

  async #runDemucsCheck(): Promise<DemucsReport> {
    const worker = await this.#spawn();
    try {
      return await new Promise<DemucsReport>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new EngineError("demucs_check timed out")),
          DEMUCS_CHECK_TIMEOUT_MS,
        );
        worker.onmessage = (event: MessageEvent<StemReply>) => {
          if (event.data.type !== "demucs_report") return;
          clearTimeout(timer);
          resolve(event.data.report);
        };
        worker.postMessage(
          {
            type: "demucs_check",
            modelPath: this.#options.demucsModel,
            runtimePackage: this.#options.runtimePackage,
          } satisfies StemRequest,
        );
      });
    } finally {
      worker.terminate();
    }
  }

  close(): void {
    this.#closed = true;
    for (const worker of [...this.#idle.splice(0), ...this.#busy]) worker.terminate();
    this.#busy.clear();
  }
}

function statusOf(job: Job): StemJobStatus {
  return { uid: job.uid, state: job.state, percent: job.percent, tier: job.tier, error: job.error };
}
