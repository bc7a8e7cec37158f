/**
 * @module
 * Sampled FADER_MOVE events for the cloud (OCP §13: the controller forwards fader moves to the PC in
 * full and to the cloud sampled). Each channel reports at most one position per sampling interval:
 * the first move of a gesture at once, then the latest position once the interval has passed, so a
 * fader ride ends on where the fader came to rest.
 *
 * @example
 * ```ts
 * const sampler = new FaderSampler(5000, (event) => outbox.record(event));
 * sampler.move(3, 0.734, Date.now());
 * sampler.flush(Date.now()); // reports pending positions whose interval has passed
 * ```
 */
import type { TelemetryEventOf } from "../../shared/telemetry/mod.ts";

/** The channels the telemetry schema accepts (a fader board's 0..15). */
export const MAX_SAMPLED_CHANNEL = 15;

type FaderMoveEvent = TelemetryEventOf<"fader_move">;

export class FaderSampler {
  readonly #sentAtMs = new Map<number, number>();
  readonly #pending = new Map<number, { pos: number; atMs: number }>();

  constructor(readonly intervalMs: number, private readonly emit: (event: FaderMoveEvent) => void) {}

  move(chan: number, pos: number, nowMs: number): void {
    if (!Number.isInteger(chan) || chan < 0 || chan > MAX_SAMPLED_CHANNEL || !Number.isFinite(pos)) return;
    const position = Math.min(1, Math.max(0, pos));
    const sent = this.#sentAtMs.get(chan);
    if (sent === undefined || nowMs - sent >= this.intervalMs) {
      this.#pending.delete(chan);
      this.#send(chan, position, nowMs);
    } else {
      this.#pending.set(chan, { pos: position, atMs: nowMs });
    }
  }

  /** Sends the held positions whose channel may report again; `force` sends all of them (shutdown). */
  flush(nowMs: number, force = false): void {
    for (const [chan, pending] of this.#pending) {
      if (force || nowMs - (this.#sentAtMs.get(chan) ?? 0) >= this.intervalMs) {
        this.#pending.delete(chan);
        this.#send(chan, pending.pos, pending.atMs);
      }
    }
  }

  #send(chan: number, pos: number, atMs: number): void {
    this.#sentAtMs.set(chan, atMs);
    this.emit({
      kind: "fader_move",
      ts: new Date(atMs).toISOString(),
      chan,
      pos: Math.round(pos * 1000) / 1000,
    });
  }
}
