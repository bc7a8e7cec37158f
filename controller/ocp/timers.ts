/**
 * @module
 * Timer injection: protocol code takes a {@link Timers} so tests drive time by hand instead of sleeping.
 */

export interface Timers {
  set(callback: () => void, ms: number): unknown;
  clear(handle: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/** A hand-driven clock for tests: `advance(ms)` runs every timer that falls due, in order. */
export class ManualTimers implements Timers {
  #now = 0;
  #nextId = 1;
  #pending = new Map<number, { at: number; callback: () => void }>();

  set(callback: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#pending.set(id, { at: this.#now + ms, callback });
    return id;
  }

  clear(handle: unknown): void {
    this.#pending.delete(handle as number);
  }

  now(): number {
    return this.#now;
  }

  get pendingCount(): number {
    return this.#pending.size;
  }

  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      let dueId = -1;
      let dueAt = Infinity;
      for (const [id, timer] of this.#pending) {
        if (timer.at <= until && timer.at < dueAt) [dueId, dueAt] = [id, timer.at];
      }
      if (dueId < 0) break;
      const timer = this.#pending.get(dueId)!;
      this.#pending.delete(dueId);
      this.#now = timer.at;
      timer.callback();
    }
    this.#now = until;
  }
}
