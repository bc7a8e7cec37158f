/**
 * @module
 * Exponential backoff with jitter for redialling outgoing links, so many controllers (or many ports)
 * that lost their peer at once do not retry in lockstep.
 */

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Fraction of the delay that is randomised (0 = none, 0.5 = ±50 %). */
  jitter?: number;
  random?: () => number;
}

/** Delay before retry number `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs = 250, maxMs = 30_000, factor = 2, jitter = 0.5, random = Math.random } = options;
  const base = Math.min(maxMs, initialMs * factor ** Math.min(attempt, 32));
  const spread = base * jitter;
  return Math.round(Math.min(maxMs, Math.max(0, base - spread + random() * 2 * spread)));
}
