/**
 * @module
 * Moves the store's WAL checkpoints off the main thread (see wal_checkpoint_worker.ts): the main
 * connection stops checkpointing on its own and a Worker checkpoints every `intervalMs`. `run` starts it;
 * one-shot commands and tests keep SQLite's automatic checkpoints. If the Worker cannot start, the
 * automatic checkpoints simply stay on.
 *
 * @example
 * ```ts
 * const checkpoints = await startBackgroundCheckpoints(store, logger);
 * await checkpoints.stop(); // before store.close()
 * ```
 */
import { spawnWorker } from "../audio/spawn_worker.ts";
import type { Logger } from "../log/logger.ts";
import type { ControllerStore } from "./store.ts";

export const CHECKPOINT_WORKER_PATH = "store/wal_checkpoint_worker.ts";
export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5000;
/** SQLite's own default: checkpoint once the log holds this many pages. */
const AUTOMATIC_CHECKPOINT_PAGES = 1000;

export interface BackgroundCheckpoints {
  stop(): Promise<void>;
}

function answer(worker: Worker, type: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    worker.addEventListener("message", function onMessage(event: MessageEvent) {
      if (event.data?.type !== type) return;
      clearTimeout(timer);
      worker.removeEventListener("message", onMessage);
      resolve(true);
    });
  });
}

export async function startBackgroundCheckpoints(
  store: ControllerStore,
  logger: Logger,
  intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS,
): Promise<BackgroundCheckpoints> {
  let worker: Worker;
  try {
    worker = await spawnWorker(CHECKPOINT_WORKER_PATH);
  } catch (error) {
    logger.warn("lifecycle", "WAL checkpoints stay on the main thread", { error: String(error) });
    return { stop: () => Promise.resolve() };
  }
  const started = answer(worker, "started", 5000);
  worker.postMessage({ type: "start", file: store.file, intervalMs });
  if (!await started) {
    worker.terminate();
    logger.warn("lifecycle", "WAL checkpoints stay on the main thread", {
      error: "the worker did not start",
    });
    return { stop: () => Promise.resolve() };
  }
  store.db.exec("PRAGMA wal_autocheckpoint = 0");
  return {
    async stop() {
      store.db.exec(`PRAGMA wal_autocheckpoint = ${AUTOMATIC_CHECKPOINT_PAGES}`);
      const stopped = answer(worker, "stopped", 2000);
      worker.postMessage({ type: "stop" });
      await stopped;
      worker.terminate();
    },
  };
}
