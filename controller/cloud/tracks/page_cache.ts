/**
 * @module
 * The portal's last answers to list and search queries, in the store (table `cloud_track_pages`), so a
 * repeated query answers at once (the seed's "< 2 ms") and the library can still be browsed with the
 * portal out of reach. An answer younger than `freshMs` is used as is; an older one only when the
 * portal cannot be reached. At most {@link MAX_CACHED_PAGES} answers are kept, the oldest go first.
 */
import type { Database } from "bun:sqlite";
import { type TrackListPage, TrackListPageSchema } from "../../../shared/cloud/device_cloud.ts";

export const MAX_CACHED_PAGES = 500;

export interface CachedPage {
  page: TrackListPage;
  fetchedMs: number;
}

export class TrackPageCache {
  constructor(
    private readonly db: Database,
    private readonly freshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer to `query` (a canonical string naming path and parameters), fresh or not. */
  get(query: string): CachedPage | null {
    const row = this.db.query<{ page: string; fetched_ms: number }, [string]>(
      "SELECT page, fetched_ms FROM cloud_track_pages WHERE query = ?",
    ).get(query);
    if (!row) return null;
    const parsed = TrackListPageSchema.safeParse(JSON.parse(row.page));
    return parsed.success ? { page: parsed.data, fetchedMs: row.fetched_ms } : null;
  }

  isFresh(cached: CachedPage): boolean {
    return this.now() - cached.fetchedMs < this.freshMs;
  }

  put(query: string, page: TrackListPage): void {
    this.db.transaction(() => {
      this.db.query(
        "INSERT OR REPLACE INTO cloud_track_pages (query, page, fetched_ms) VALUES (?, ?, ?)",
      ).run(query, JSON.stringify(page), this.now());
      this.db.query(
        `DELETE FROM cloud_track_pages WHERE query NOT IN
           (SELECT query FROM cloud_track_pages ORDER BY fetched_ms DESC LIMIT ${MAX_CACHED_PAGES})`,
      ).run();
    })();
  }

  /** Forgets every answer: the portal refused this controller, so what it showed may no longer be allowed. */
  clear(): void {
    this.db.exec("DELETE FROM cloud_track_pages");
  }
}
