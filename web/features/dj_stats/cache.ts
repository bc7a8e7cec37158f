/**
 * @module
 * Computed stats per user, kept until a newer telemetry batch arrives: the page costs one small query
 * ("when did the newest batch arrive?") while nothing changed, and a full read only after new data.
 * Bounded, least recently used out first; every portal instance keeps its own.
 */

export class StatsCache<T> {
  private readonly entries = new Map<string, { version: string; value: T }>();

  constructor(private readonly capacity: number) {}

  /** The value for `key` computed at `version`, computing (and keeping) it when missing or stale. */
  async get(key: string, version: string, compute: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = await compute();
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }
}
