/**
 * @module
 * Runs the status checks on a schedule from the server process: the first run shortly after start-up,
 * then every `intervalSeconds`. Each run starts after the previous one ended, so slow checks never pile up.
 */
import type { AppDeps } from "../../context.ts";
import { runStatusChecks } from "./service.ts";

/** Time for the server to start listening before the first run checks it. */
const FIRST_RUN_DELAY_MS = 2000;

/**
 * Starts the schedule (nothing when the interval is 0) and returns a function that stops it.
 *
 * @example
 * ```ts
 * const stop = startStatusSchedule(deps, config.statusCheckIntervalSeconds);
 * ```
 */
export function startStatusSchedule(
  deps: AppDeps,
  intervalSeconds: number,
  { firstRunDelayMs = FIRST_RUN_DELAY_MS } = {},
): () => void {
  if (intervalSeconds <= 0) return () => {};
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const tick = async () => {
    try {
      await runStatusChecks(deps);
    } catch (error) {
      console.error("OCP API Status: a check run failed:", error);
    }
    if (!stopped) timer = setTimeout(tick, intervalSeconds * 1000);
  };
  timer = setTimeout(tick, firstRunDelayMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
