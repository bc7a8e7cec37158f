/**
 * @module
 * The portal's last answers to list and search queries, in the store (table `cloud_track_pages`), so a
 * repeated query answers at once (the seed's "< 2 ms") and the library can still be browsed with the
 * portal out of reach. An answer younger than `freshMs` is used as is; an older one only when the
 * portal cannot be reached. At most {@link MAX_CACHED_PAGES} answers are kept, the oldest go first. The
 * latest {@link MEMORY_PAGES} answers are also kept parsed in memory, so a repeated query neither reads
 * nor re-validates anything.
 */
import type { Database } from "bun:sqlite";
import { type TrackListPage, TrackListPageSchema } from "../../../shared/cloud/device_cloud.ts";

export const MAX_CACHED_PAGES = 500;
export const MEMORY_PAGES = 64;

export interface CachedPage {
  page: TrackListPage;
  fetchedMs: number;
}

export class TrackPageCache {
  readonly #memory = new Map<string, CachedPage>();

  constructor(
    private readonly db: Database,
    private readonly freshMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The cached answer to `query` (a canonical string naming path and parameters), fresh or not. */
  get(query: string): CachedPage | null {
    const remembered = this.#memory.get(query);
    if (remembered) return remembered;
    const row = this.db.query<{ page: string; fetched_ms: number }, [string]>(
      "SELECT page, fetched_ms FROM cloud_track_pages WHERE query = ?",
    ).get(query);
    if (!row) return null;
    const parsed = TrackListPageSchema.safeParse(JSON.parse(row.page));
    if (!parsed.success) return null;
    const cached = { page: parsed.data, fetchedMs: row.fetched_ms };
    this.#remember(query, cached);
    return cached;
  }

  isFresh(cached: CachedPage): boolean {
    return this.now() - cached.fetchedMs < this.freshMs;
  }

  put(query: string, page: TrackListPage): void {
    const fetchedMs = this.now();
    this.#remember(query, { page, fetchedMs });
    this.db.transaction(() => {
      this.db.query(
        "INSERT OR REPLACE INTO cloud_track_pages (query, page, fetched_ms) VALUES (?, ?, ?)",
      ).run(query, JSON.stringify(page), fetchedMs);
      this.db.query(
        `DELETE FROM cloud_track_pages WHERE query NOT IN
           (SELECT query FROM cloud_track_pages ORDER BY fetched_ms DESC LIMIT ${MAX_CACHED_PAGES})`,
      ).run();
    })();
  }

  /** Forgets every answer: the portal refused this controller, so what it showed may no longer be allowed. */
  clear(): void {
    this.#memory.clear();
    this.db.exec("DELETE FROM cloud_track_pages");
  }

  #remember(query: string, cached: CachedPage): void {
    this.#memory.delete(query);
    this.#memory.set(query, cached);
    if (this.#memory.size > MEMORY_PAGES) this.#memory.delete(this.#memory.keys().next().value!);
  }
}
