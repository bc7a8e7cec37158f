/**
 * @module
 * Batches socket writes: sessions that queued output during this turn of the event loop are flushed
 * together once it ends, so a burst of notifications costs one write per client, not one per message.
 */

export interface Flushable {
  flushScheduled: boolean;
  flush(): void;
}

export class FlushScheduler {
  #dirty: Flushable[] = [];
  #scheduled = false;
  #run = () => {
    this.#scheduled = false;
    const dirty = this.#dirty;
    this.#dirty = [];
    for (const session of dirty) {
      session.flushScheduled = false;
      session.flush();
    }
  };

  schedule(session: Flushable): void {
    if (session.flushScheduled) return;
    session.flushScheduled = true;
    this.#dirty.push(session);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#run);
    }
  }
}
