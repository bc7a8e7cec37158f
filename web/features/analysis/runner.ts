/**
 * @module
 * Runs analysis jobs: `concurrency` slots, each leasing a job, copying the audio from storage to a
 * temporary file, analysing it in its own Worker (off the portal's event loop), and reporting progress
 * (which keeps the lease alive) until it stores the result or the failure. Used in-process by the portal
 * and by the separate worker process (`deno task worker`) alike.
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import type { Db } from "../../db/client.ts";
import type { AnalysisJob } from "../../db/schema/analysis.ts";
import type { Storage } from "../../storage/storage.ts";
import type { Clock } from "../../clock.ts";
import { completeJob, failAttempt, leaseNextJob, reportProgress, RETRY_DELAY_MS } from "./queue.ts";
import type { ThreadReply, ThreadRequest } from "./analysis_thread.ts";

export interface WorkerOptions {
  db: Db;
  storage: Storage;
  clock: Clock;
  /** Jobs analysed at the same time (each in its own Worker). */
  concurrency?: number;
  /** A lease not renewed for this long is taken over by another worker. */
  leaseMs?: number;
  /** An analysis running longer than this is stopped and counts as a failed attempt. */
  jobTimeoutMs?: number;
  /** How long a failed attempt waits before its job can be leased again. */
  retryDelayMs?: number;
  /** How long an idle slot waits before looking for work again. */
  pollMs?: number;
  /** Names this worker in leases (defaults to a random id). */
  owner?: string;
}

export interface AnalysisWorker {
  /** Stops leasing; resolves when the running analyses have ended (they are stopped, not finished). */
  stop(): Promise<void>;
}

const PROGRESS_EVERY_MS = 1_000;

async function copyToTempFile(
  storage: Storage,
  key: string,
): Promise<{ path: string; dispose(): Promise<void> }> {
  const stream = await storage.read(key);
  if (!stream) throw new Error("the audio file is missing from storage");
  const dir = await mkdtemp(join(tmpdir(), "mixera-analysis-"));
  const path = join(dir, "track");
  await stream.pipeTo(Writable.toWeb(createWriteStream(path)) as WritableStream<Uint8Array>);
  return { path, dispose: () => rm(dir, { recursive: true, force: true }) };
}

/** Analyses `path` in a fresh Worker; `onProgress` returning false (lease lost) stops it. */
function analyseInWorker(
  path: string,
  timeoutMs: number,
  abort: AbortSignal,
  onProgress: (share: number) => Promise<boolean>,
): Promise<ThreadReply & { type: "done" | "failed" }> {
  const worker = new Worker(new URL("./analysis_thread.ts", import.meta.url).href, { type: "module" });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: ThreadReply & { type: "done" | "failed" }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      abort.removeEventListener("abort", onAbort);
      worker.terminate();
      resolve(reply);
    };
    const timer = setTimeout(
      () =>
        finish({
          type: "failed",
          message: `the analysis took longer than ${Math.round(timeoutMs / 1000)} s`,
          permanent: false,
        }),
      timeoutMs,
    );
    const onAbort = () => finish({ type: "failed", message: "the worker stopped", permanent: false });
    abort.addEventListener("abort", onAbort);
    let lastReport = 0;
    worker.onmessage = async (event: MessageEvent<ThreadReply>) => {
      const reply = event.data;
      if (reply.type !== "progress") return finish(reply);
      if (Date.now() - lastReport < PROGRESS_EVERY_MS) return;
      lastReport = Date.now();
      if (!(await onProgress(reply.share))) {
        finish({ type: "failed", message: "lease lost", permanent: false });
      }
    };
    worker.onerror = (event) => {
      event.preventDefault();
      finish({ type: "failed", message: `the analysis crashed: ${event.message}`, permanent: false });
    };
    worker.postMessage({ path } satisfies ThreadRequest);
  });
}

export function startAnalysisWorker(options: WorkerOptions): AnalysisWorker {
  const { db, storage, clock } = options;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const leaseMs = options.leaseMs ?? 60_000;
  const jobTimeoutMs = options.jobTimeoutMs ?? 10 * 60_000;
  const pollMs = options.pollMs ?? 1_000;
  const retryDelayMs = options.retryDelayMs ?? RETRY_DELAY_MS;
  const owner = options.owner ?? `worker-${crypto.randomUUID()}`;
  const stopping = new AbortController();

  async function run(job: AnalysisJob): Promise<void> {
    let file: Awaited<ReturnType<typeof copyToTempFile>> | null = null;
    try {
      file = await copyToTempFile(storage, job.sourceObject);
      const reply = await analyseInWorker(
        file.path,
        jobTimeoutMs,
        stopping.signal,
        (share) => reportProgress(db, job.trackId, owner, share, leaseMs, clock.now()),
      );
      if (stopping.signal.aborted) return; // the lease runs out and another worker takes the job
      if (reply.type === "done") await completeJob(db, job.trackId, owner, reply.analysis, clock.now());
      else {await failAttempt(
          db,
          job.trackId,
          owner,
          reply.message,
          reply.permanent,
          clock.now(),
          retryDelayMs,
        );}
    } catch (error) {
      const reason = (error as Error).message ?? String(error);
      await failAttempt(db, job.trackId, owner, reason, false, clock.now(), retryDelayMs);
    } finally {
      await file?.dispose();
    }
  }

  async function slot(): Promise<void> {
    while (!stopping.signal.aborted) {
      const job = await leaseNextJob(db, owner, leaseMs, clock.now()).catch((error) => {
        console.error("analysis queue:", error);
        return null;
      });
      if (!job) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          stopping.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
        });
        continue;
      }
      // A failure to record the outcome (the database away) must not end the slot: the lease runs out
      // and the job is leased again.
      await run(job).catch((error) => console.error(`analysis of ${job.trackId}:`, error));
    }
  }

  const slots = Array.from({ length: concurrency }, () => slot());
  return {
    async stop() {
      stopping.abort();
      await Promise.all(slots);
    },
  };
}
