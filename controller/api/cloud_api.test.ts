// The cloud track commands over a real TCP:5555 socket: the real engine (ALSA "null" output), the real cloud
// track library, download Worker, store and cache, and a portal double over real HTTP serving a WAV.
import { afterAll, beforeAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeWav, testSignal16 } from "../../shared/audio/testing/fixtures.ts";
import { CloudTrackLibrary } from "../cloud/tracks/cloud_tracks.ts";
import { TrackPageCache } from "../cloud/tracks/page_cache.ts";
import { type PortalDouble, portalTrack, startPortalDouble } from "../cloud/tracks/testing/portal_double.ts";
import { CloudTrackCache } from "../cloud/tracks/track_cache.ts";
import { createEngine, createMemoryMixerTree } from "../engine/mod.ts";
import type { Engine } from "../engine/types.ts";
import { createMemoryLogger } from "../log/logger.ts";
import { ControllerStore } from "../store/store.ts";
import { type ApiTestClient, connectApiClient } from "./api_client.ts";
import { type EngineApi, startEngineApi } from "./mod.ts";

let dir = "";
let portal: PortalDouble;
let store: ControllerStore;
let engine: Engine;
let api: EngineApi;
let client: ApiTestClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-cloud-api-"));
  portal = startPortalDouble();
  const wav = encodeWav({
    sampleRate: 44100,
    channels: [testSignal16(44100 * 6, 1), testSignal16(44100 * 6, 2)],
    bits: 16,
  });
  portal.add(portalTrack("wav-1", wav, {
    format: "wav",
    title: "Sunrise Dub",
    durationSec: 6,
    cuePoints: [{ time: 4.5 }, { time: 1.25 }],
  }));
  portal.add(portalTrack("other", 1000, { title: "Other Track", genre: "House", bpm: 124 }));
  const { logger } = createMemoryLogger({ level: "warn" });
  store = new ControllerStore(join(dir, "data"));
  engine = await createEngine({ alsaDevice: "null", logger, tree: createMemoryMixerTree() });
  const cloud = new CloudTrackLibrary({
    portal: portal.caller,
    isLocked: () => false,
    engine,
    cache: new CloudTrackCache({ db: store.db, dir: join(dir, "cache"), maxBytes: 1 << 30 }),
    pages: new TrackPageCache(store.db, 60_000),
    logger,
    downloadIdleTimeoutMs: 5000,
  });
  api = await startEngineApi({ engine, logger, port: 0, wsPort: 0, cloud });
  client = await connectApiClient(api.ports.tcp);
});

afterAll(async () => {
  client?.close();
  await api?.close();
  await engine?.close();
  store?.close();
  portal?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("cloud track commands over TCP", () => {
  it("lists and searches the cloud library", async () => {
    client.send("cloud_list_tracks 10 0");
    const list = await client.next("cloud_tracks_list");
    expect(list.data).toMatchObject({ count: 2, total: 2, offset: 0, source: "cloud" });
    client.send('cloud_search_tracks "sunrise" * - - 20');
    const found = await client.next("cloud_tracks_list");
    expect(found.data.tracks.map((t) => t.title)).toEqual(["Sunrise Dub"]);
  });

  it("answers cloud_get_metadata, and unknown tracks with an unknown_track error", async () => {
    client.send("cloud_get_metadata wav-1");
    const metadata = await client.next("cloud_track_metadata");
    expect(metadata.data).toMatchObject({ id: "wav-1", bpm: 128, loops: [{ start: 0, end: 8 }] });
    client.send("cloud_get_metadata nope");
    const error = await client.next("error");
    expect(error.data).toMatchObject({ cmd: "cloud_get_metadata", code: "unknown_track" });
  });

  it("loads a cloud track: downloading, loading, loaded, then track_loaded; cue_jump works on its cues at once", async () => {
    client.send("load_cloud_track 0 wav-1");
    const downloading = await client.next("cloud_track_loading", (e) => e.data.status === "downloading");
    expect(downloading.data).toMatchObject({ trackId: "wav-1", deck: 0 });
    await client.next("cloud_track_loading", (e) => e.data.status === "loading");
    const loaded = await client.next("cloud_track_loaded");
    expect(loaded.data).toMatchObject({
      trackId: "wav-1",
      deck: 0,
      filename: "Sunrise Dub.wav",
      cached: false,
    });
    const trackLoaded = await client.next("track_loaded");
    expect(trackLoaded.data.track.path).toBe(loaded.data.path);
    client.send("cue_jump 0 1");
    await client.next("cmd_ack", (e) => e.data.cmd === "cue_jump");
    client.send("get_deck_status");
    const status = await client.next("deck_status", (e) => e.data.decks[0].position_sec === 4.5);
    expect(status.data.decks[0].track?.format).toBe("wav");
    client.send("play 0");
    await client.next("deck_status", (e) => e.data.decks[0].position_sec > 4.6, 5000);
  });

  it("answers a refused load with an error event that carries the code and the deck", async () => {
    client.send("load_cloud_track 2 missing-track");
    const error = await client.next("error", (e) => "cmd" in e.data && e.data.cmd === "load_cloud_track");
    expect(error.data).toEqual({
      message: "no cloud track missing-track for this controller",
      cmd: "load_cloud_track",
      code: "unknown_track",
      deck_id: 2,
    });
  });
});
