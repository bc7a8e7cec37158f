import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import type { TrackListPage } from "../../../shared/cloud/device_cloud.ts";
import { tempDir } from "../../engine/testing/support.ts";
import { ControllerStore } from "../../store/store.ts";
import { MAX_CACHED_PAGES, TrackPageCache } from "./page_cache.ts";
import { portalTrack } from "./testing/portal_double.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

function store(): ControllerStore {
  const dir = tempDir("mixera-page-cache-");
  const opened = new ControllerStore(join(dir.path, "data"));
  cleanups.push(() => dir.remove(), () => opened.close());
  return opened;
}

const page = (title: string): TrackListPage => {
  const { beatgrid: _b, cuePoints: _c, loops: _l, ...summary } = portalTrack("t1", 10, { title }).metadata;
  return { items: [summary], total: 1, limit: 50, offset: 0 };
};

describe("TrackPageCache", () => {
  test("keeps answers in the store, so a restarted controller still has them, and knows when they are stale", () => {
    const db = store().db;
    let now = 1000;
    new TrackPageCache(db, 500, () => now).put("/tracks?limit=50", page("Kept"));
    const restarted = new TrackPageCache(db, 500, () => now);
    const cached = restarted.get("/tracks?limit=50")!;
    expect(cached.page.items[0].title).toBe("Kept");
    expect(restarted.isFresh(cached)).toBe(true);
    now += 500;
    expect(restarted.isFresh(cached)).toBe(false);
    expect(restarted.get("/tracks?limit=20")).toBeNull();
  });

  test(`keeps at most ${MAX_CACHED_PAGES} answers, dropping the oldest`, () => {
    const db = store().db;
    let now = 0;
    const pages = new TrackPageCache(db, 60_000, () => now);
    for (let i = 0; i <= MAX_CACHED_PAGES; i++) {
      now++;
      pages.put(`/search?q=${i}`, page(`Query ${i}`));
    }
    const count = db.query<{ n: number }, []>("SELECT COUNT(*) AS n FROM cloud_track_pages").get()!.n;
    expect(count).toBe(MAX_CACHED_PAGES);
    expect(new TrackPageCache(db, 60_000).get("/search?q=0")).toBeNull();
    expect(new TrackPageCache(db, 60_000).get(`/search?q=${MAX_CACHED_PAGES}`)).not.toBeNull();
  });

  test("forgets every answer on clear, in memory and in the store", () => {
    const db = store().db;
    const pages = new TrackPageCache(db, 60_000);
    pages.put("/tracks", page("Gone"));
    pages.clear();
    expect(pages.get("/tracks")).toBeNull();
    expect(new TrackPageCache(db, 60_000).get("/tracks")).toBeNull();
  });
});
