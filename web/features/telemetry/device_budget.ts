/**
 * @module
 * How much telemetry one device may send per minute. A controller sends a batch a minute and, after a
 * week offline, drains its outbox at a few batches a second; a device sending far more is broken or
 * abused, and raw batches are kept, so without a budget one device could fill the disk. Counted per
 * portal instance in memory, like the device API's request limit, because a database write per batch
 * would cost more than the check.
 */

/** Batches and compressed bytes one device may send in a minute (a week's backlog drains in ~35 minutes). */
export const TELEMETRY_BUDGET = { batchesPerMinute: 300, bytesPerMinute: 16 * 1024 * 1024 } as const;

const WINDOW_MS = 60_000;
const windows = new Map<string, { start: number; batches: number; bytes: number }>();

function windowOf(deviceId: string, nowMs: number) {
  let window = windows.get(deviceId);
  if (!window || nowMs - window.start >= WINDOW_MS) {
    if (windows.size > 100_000) windows.clear();
    window = { start: nowMs, batches: 0, bytes: 0 };
    windows.set(deviceId, window);
  }
  return window;
}

/** Counts one more batch of `deviceId`; false once the minute's batches are spent. */
export function spendBatch(deviceId: string, nowMs: number): boolean {
  const window = windowOf(deviceId, nowMs);
  window.batches++;
  return window.batches <= TELEMETRY_BUDGET.batchesPerMinute;
}

/** Counts `bytes` more of `deviceId`'s bodies; false once the minute's bytes are spent. */
export function spendBytes(deviceId: string, bytes: number, nowMs: number): boolean {
  const window = windowOf(deviceId, nowMs);
  window.bytes += bytes;
  return window.bytes <= TELEMETRY_BUDGET.bytesPerMinute;
}

/** Seconds until `deviceId`'s budget renews. */
export function budgetRetryAfterSec(deviceId: string, nowMs: number): number {
  const window = windowOf(deviceId, nowMs);
  return Math.max(1, Math.ceil((window.start + WINDOW_MS - nowMs) / 1000));
}
