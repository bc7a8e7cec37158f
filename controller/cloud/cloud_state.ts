/**
 * @module
 * What the controller remembers about its portal link, in the local store (bun:sqlite, so it survives
 * restarts): which portal it is linked to and whether the cloud has locked it. The lock stays until
 * the cloud itself says unlocked; a restart, or a portal that cannot be reached, does not lift it.
 */
import type { ControllerStore } from "../store/store.ts";

const LINK_KEY = "cloud.link";
const LOCK_KEY = "cloud.lock";

export interface CloudLinkRecord {
  portal: string;
  serial: string;
  linkedAt: string;
}

export interface CloudLockRecord {
  locked: boolean;
  changedAt: string;
}

export class CloudState {
  constructor(private readonly store: ControllerStore, private readonly now: () => Date = () => new Date()) {}

  link(): CloudLinkRecord | null {
    return this.#read<CloudLinkRecord>(LINK_KEY);
  }

  saveLink(record: CloudLinkRecord): void {
    this.#write(LINK_KEY, record);
  }

  forgetLink(): void {
    this.store.db.query("DELETE FROM cache_entries WHERE key = ?").run(LINK_KEY);
  }

  locked(): boolean {
    return this.#read<CloudLockRecord>(LOCK_KEY)?.locked ?? false;
  }

  lock(): CloudLockRecord | null {
    return this.#read<CloudLockRecord>(LOCK_KEY);
  }

  /** Records the cloud's word on the lock; returns true when it changed. */
  setLocked(locked: boolean): boolean {
    if (this.locked() === locked) return false;
    this.#write(LOCK_KEY, { locked, changedAt: this.now().toISOString() });
    return true;
  }

  /**
   * A remote factory reset: the link, the lock, the caches, the accessory whitelist and history, the
   * consent log, the telemetry outbox and the cloud track index go (the cached files follow the next
   * time the track cache opens). The provisioned identity (serial and factory key) stays.
   */
  wipeLocalState(): void {
    this.store.db.transaction(() => {
      for (
        const table of [
          "cache_entries",
          "trusted_accessories",
          "seen_accessories",
          "consent_log",
          "telemetry_outbox",
          "cloud_tracks",
          "cloud_track_pages",
          "telemetry_events",
        ]
      ) {
        this.store.db.exec(`DELETE FROM ${table}`);
      }
    })();
  }

  #read<T>(key: string): T | null {
    const row = this.store.db.query<{ value: string }, [string]>(
      "SELECT value FROM cache_entries WHERE key = ?",
    )
      .get(key);
    return row ? JSON.parse(row.value) as T : null;
  }

  #write(key: string, value: unknown): void {
    this.store.db.query(
      "INSERT OR REPLACE INTO cache_entries (key, value, updated_at) VALUES (?, ?, ?)",
    ).run(key, JSON.stringify(value), this.now().toISOString());
  }
}
