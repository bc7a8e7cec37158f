/**
 * @module
 * The analysis feature's door: queue a track, read its status (queue position, progress, failure reason)
 * and its results, and run the worker in-process or as its own process.
 *
 * @example
 * ```ts
 * await enqueueTrackAnalysis(db, { trackId, userId, storageKey });
 * const worker = startAnalysisWorker({ db, storage, clock, concurrency: 2 });
 * await analysisStatus(db, trackId); // { state: "queued", position: 3 } … { state: "done" }
 * const analysis = await analysisOf(db, trackId);
 * await worker.stop();
 * ```
 */
import "./user_data.ts";
export {
  analysisOf,
  type AnalysisStatus,
  analysisStatus,
  DEFAULT_MAX_ATTEMPTS,
  type EnqueueRequest,
  enqueueTrackAnalysis,
} from "./queue.ts";
export { setSkipsQueue, skipsQueue } from "./priority.ts";
export { analysisAdminRoutes } from "./routes.tsx";
export { type AnalysisWorker, startAnalysisWorker, type WorkerOptions } from "./runner.ts";
export { type AnalysisSettings, analysisSettings } from "./settings.ts";
