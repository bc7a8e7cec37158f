// The cloud track library against a portal double over real HTTP, with the real download Worker, the real
// bun:sqlite store and a real cache directory; the engine is the API's engine double (it records loads).
import { afterEach, describe, expect, test } from "bun:test";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngineDouble, type EngineDouble } from "../../api/testing/engine_double.ts";
import { quietLogger, tempDir } from "../../engine/testing/support.ts";
import { ControllerStore } from "../../store/store.ts";
import { CloudTrackLibrary, type PortalCaller } from "./cloud_tracks.ts";
import { CloudTrackError } from "./errors.ts";
import { TrackPageCache } from "./page_cache.ts";
import { type PortalDouble, portalTrack, startPortalDouble } from "./testing/portal_double.ts";
import { CloudTrackCache } from "./track_cache.ts";
import type { CloudLoadStatus } from "./types.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface Setup {
  portal: PortalDouble;
  library: CloudTrackLibrary;
  cache: CloudTrackCache;
  engine: EngineDouble;
  store: ControllerStore;
  clock: { now: number };
  locked: { value: boolean };
  cacheDir: string;
  reopen(options?: { portal?: PortalCaller | null }): CloudTrackLibrary;
}

function setup({ maxBytes = 64 * 1024 * 1024, freshMs = 60_000 } = {}): Setup {
  const dir = tempDir("mixera-cloud-tracks-");
  const portal = startPortalDouble();
  const store = new ControllerStore(join(dir.path, "data"));
  cleanups.push(() => dir.remove(), () => portal.close(), () => store.close());
  const engine = createEngineDouble();
  const clock = { now: 1_000_000 };
  const locked = { value: false };
  const cacheDir = join(dir.path, "cache");
  let cache = new CloudTrackCache({ db: store.db, dir: cacheDir, maxBytes, now: () => clock.now });
  const make = (caller: PortalCaller | null) =>
    new CloudTrackLibrary({
      portal: caller,
      isLocked: () => locked.value,
      engine,
      cache,
      pages: new TrackPageCache(store.db, freshMs, () => clock.now),
      logger: quietLogger().logger,
      downloadIdleTimeoutMs: 2000,
    });
  const result: Setup = {
    portal,
    library: make(portal.caller),
    cache,
    engine,
    store,
    clock,
    locked,
    cacheDir,
    reopen({ portal: caller = portal.caller } = {}) {
      cache = new CloudTrackCache({ db: store.db, dir: cacheDir, maxBytes, now: () => clock.now });
      result.cache = cache;
      return make(caller);
    },
  };
  return result;
}

async function failure(work: Promise<unknown>): Promise<CloudTrackError> {
  try {
    await work;
  } catch (error) {
    if (error instanceof CloudTrackError) return error;
    throw error;
  }
  throw new Error("expected a CloudTrackError");
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("cloud track lists and search", () => {
  test("answers from the portal, then from the cache while fresh, then asks again", async () => {
    const { portal, library, clock } = setup();
    portal.add(portalTrack("t1", 1000));
    portal.add(portalTrack("t2", 1000, { title: "Deep House Anthem", bpm: 122 }));
    const first = await library.list(50, 0);
    expect(first).toMatchObject({ count: 2, total: 2, limit: 50, offset: 0, source: "cloud" });
    expect(first.tracks.map((t) => t.id)).toEqual(["t1", "t2"]);
    expect(await library.list(50, 0)).toMatchObject({ count: 2, source: "cache" });
    expect(portal.requests).toEqual(["GET /api/device/cloud/tracks?limit=50&offset=0"]);
    clock.now += 60_001;
    expect(await library.list(50, 0)).toMatchObject({ source: "cloud" });
    expect(portal.requests.length).toBe(2);
  });

  test("sends the search filters to the portal and lists what it found", async () => {
    const { portal, library } = setup();
    portal.add(portalTrack("t1", 1000, { title: "Warehouse", bpm: 140 }));
    portal.add(portalTrack("t2", 1000, { title: "Deep House Anthem", bpm: 122 }));
    const found = await library.search({
      q: "deep house",
      genre: "Techno",
      bpmMin: 120,
      bpmMax: 125,
      limit: 20,
    });
    expect(found.tracks.map((t) => t.id)).toEqual(["t2"]);
    expect(portal.requests).toEqual([
      "GET /api/device/cloud/tracks/search?q=deep+house&genre=Techno&bpmMin=120&bpmMax=125&limit=20",
    ]);
  });

  test("shows the last answer when the portal is out of reach, and says network_down when there is none", async () => {
    const { portal, library, clock } = setup();
    portal.add(portalTrack("t1", 1000));
    await library.list(10, 0);
    portal.close();
    clock.now += 3_600_000;
    expect(await library.list(10, 0)).toMatchObject({ count: 1, source: "cache" });
    expect((await failure(library.list(20, 0))).code).toBe("network_down");
  });

  test("maps the portal's refusals onto error codes and forgets cached answers when access is revoked", async () => {
    const { portal, library, clock } = setup();
    portal.add(portalTrack("t1", 1000));
    await library.list(10, 0);
    clock.now += 60_001;
    portal.refuse = { error: "device_locked", status: 403 };
    expect((await failure(library.list(10, 0))).code).toBe("locked");
    portal.refuse = { error: "cloud_access_disabled", status: 403 };
    expect((await failure(library.list(10, 0))).code).toBe("cloud_access_off");
    portal.refuse = null;
    portal.close();
    // The cached page went with the refusal: offline there is nothing left to show.
    expect((await failure(library.list(10, 0))).code).toBe("network_down");
  });

  test("refuses without a request when the controller is locked or not linked", async () => {
    const { portal, library, locked, reopen } = setup();
    locked.value = true;
    expect((await failure(library.list(10, 0))).code).toBe("locked");
    expect((await failure(library.load(0, "t1", () => {}))).code).toBe("locked");
    locked.value = false;
    expect((await failure(reopen({ portal: null }).list(10, 0))).code).toBe("not_linked");
    expect(portal.requests).toEqual([]);
  });
});

describe("cloud track metadata", () => {
  test("answers the portal's metadata, cached for when the portal is out of reach; unknown ids are unknown_track", async () => {
    const { portal, library } = setup();
    portal.add(portalTrack("t1", 1000));
    const metadata = await library.metadata("t1");
    expect(metadata).toMatchObject({ id: "t1", bpm: 128, key: "Am", loops: [{ start: 0, end: 8 }] });
    expect((await failure(library.metadata("nope"))).code).toBe("unknown_track");
    portal.close();
    expect(await library.metadata("t1")).toEqual(metadata);
  });
});

describe("load_cloud_track", () => {
  test("downloads into the cache, reports progress, then loads the file with the cues as hot cues", async () => {
    const { portal, library, engine, cacheDir } = setup();
    const track = portalTrack("t1", 3 * 1024 * 1024);
    portal.add(track);
    const statuses: CloudLoadStatus[] = [];
    const loaded = await library.load(1, "t1", (status) => statuses.push(status));
    const path = join(cacheDir, "t1.mp3");
    expect(loaded).toMatchObject({ trackId: "t1", deck: 1, filename: "Track t1.mp3", path, cached: false });
    expect(loaded.cuePoints).toEqual([{ time: 32.5 }, { time: 0 }]);
    expect(statuses[0]).toEqual({ status: "downloading", percent: 0 });
    expect(statuses.at(-2)).toEqual({ status: "downloading", percent: 100 });
    expect(statuses.at(-1)).toEqual({ status: "loading" });
    expect(sha256(readFileSync(path))).toBe(track.metadata.sha256);
    expect(existsSync(`${path}.part`)).toBe(false);
    expect(engine.calls).toEqual([`load 1 ${path}`]);
    expect(engine.loadOptions.at(-1)).toEqual({
      cues: [0, 32.5],
      cloudTrackId: "t1",
      cloud: {
        bpm: 128,
        key: "Am",
        genre: "Techno",
        beatgrid: { bpm: 128, firstBeatSec: 0.1 },
        loops: [{ start: 0, end: 8 }],
      },
    });
  });

  test("loads a cached track again without any network, also after a restart with the portal gone", async () => {
    const { portal, library, reopen, engine } = setup();
    portal.add(portalTrack("t1", 4096));
    await library.load(0, "t1", () => {});
    const requests = portal.requests.length;
    const statuses: CloudLoadStatus[] = [];
    expect(await library.load(2, "t1", (status) => statuses.push(status))).toMatchObject({ cached: true });
    expect(statuses).toEqual([{ status: "loading" }]);
    expect(portal.requests.length).toBe(requests);
    portal.close();
    const restarted = reopen();
    expect(await restarted.load(3, "t1", () => {})).toMatchObject({ cached: true, deck: 3 });
    expect(engine.loadOptions.at(-1)).toEqual({
      cues: [0, 32.5],
      cloudTrackId: "t1",
      cloud: {
        bpm: 128,
        key: "Am",
        genre: "Techno",
        beatgrid: { bpm: 128, firstBeatSec: 0.1 },
        loops: [{ start: 0, end: 8 }],
      },
    });
  });

  test("downloads a track once when two decks ask for it at the same time", async () => {
    const { portal, library, engine } = setup();
    portal.add(portalTrack("t1", 1024 * 1024));
    const [a, b] = await Promise.all([library.load(0, "t1", () => {}), library.load(1, "t1", () => {})]);
    expect([a.path, a.deck, b.deck]).toEqual([b.path, 0, 1]);
    expect(portal.requests.filter((line) => line.startsWith("GET /files/"))).toEqual(["GET /files/t1"]);
    expect([...engine.calls].sort()).toEqual([`load 0 ${a.path}`, `load 1 ${a.path}`]);
  });

  test("resumes an interrupted download with a Range request", async () => {
    const { portal, library, cacheDir } = setup();
    const track = portalTrack("t1", 2 * 1024 * 1024);
    portal.add(track);
    portal.cutAfterBytes = 700_000;
    expect((await failure(library.load(0, "t1", () => {}))).code).toBe("network_down");
    // What arrived before the drop is kept (the bytes still in flight when the connection closed are not).
    const kept = statSync(join(cacheDir, "t1.mp3.part")).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(700_000);
    await library.load(0, "t1", () => {});
    expect(portal.requests.filter((line) => line.startsWith("GET /files/"))).toEqual([
      "GET /files/t1",
      `GET /files/t1 bytes=${kept}-`,
    ]);
    expect(sha256(readFileSync(join(cacheDir, "t1.mp3")))).toBe(track.metadata.sha256);
  });

  test("refuses a download whose checksum does not match and keeps nothing of it", async () => {
    const { portal, library, cacheDir, engine } = setup();
    portal.add(portalTrack("t1", 100_000));
    portal.corrupt = true;
    expect((await failure(library.load(0, "t1", () => {}))).code).toBe("checksum_mismatch");
    expect(existsSync(join(cacheDir, "t1.mp3"))).toBe(false);
    expect(existsSync(join(cacheDir, "t1.mp3.part"))).toBe(false);
    expect(engine.calls).toEqual([]);
  });

  test("names the file after the title, with slashes and control characters replaced", async () => {
    const { portal, library } = setup();
    portal.add(portalTrack("t1", 100, { title: "AC/DC\tLive \\ Loud" }));
    expect((await library.load(0, "t1", () => {})).filename).toBe("AC_DC_Live _ Loud.mp3");
  });

  test("says unknown_track for a track the portal does not have", async () => {
    const { library } = setup();
    expect((await failure(library.load(0, "missing", () => {}))).code).toBe("unknown_track");
  });

  test("evicts the least recently used track to stay under the cap, never one that is on a deck", async () => {
    const size = 6 * 1024 * 1024;
    const { portal, library, cache, clock, engine } = setup({ maxBytes: 2 * size + 1 });
    for (const id of ["a", "b", "c"]) portal.add(portalTrack(id, size));
    await library.load(0, "a", () => {});
    clock.now += 1000;
    await library.load(1, "b", () => {});
    clock.now += 1000;
    // Deck 1 now plays a local file: "b" is no longer on a deck, "a" (used longer ago) still is.
    await engine.load(1, "/music/local.wav");
    await library.load(2, "c", () => {});
    expect(cache.cachedFile("a")).not.toBeNull();
    expect(cache.cachedFile("b")).toBeNull();
    expect(cache.cachedFile("c")).not.toBeNull();
    expect(cache.usedBytes()).toBe(2 * size);
    // Every cached track on a deck: no room can be made.
    expect((await failure(library.load(3, "b", () => {}))).code).toBe("cache_full");
  });
});

describe("the track cache directory", () => {
  test("deletes cache files the index does not know, and leaves other files alone", () => {
    const { store, cacheDir } = setup();
    writeFileSync(join(cacheDir, "orphan.mp3"), "x");
    writeFileSync(join(cacheDir, "orphan.flac.part"), "x");
    writeFileSync(join(cacheDir, "notes.txt"), "keep me");
    new CloudTrackCache({ db: store.db, dir: cacheDir, maxBytes: 1 << 30 });
    expect(existsSync(join(cacheDir, "orphan.mp3"))).toBe(false);
    expect(existsSync(join(cacheDir, "orphan.flac.part"))).toBe(false);
    expect(readFileSync(join(cacheDir, "notes.txt"), "utf8")).toBe("keep me");
  });
});
