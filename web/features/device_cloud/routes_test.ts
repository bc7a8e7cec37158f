import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import {
  DeviceCloudErrorSchema,
  MAX_TAG_LENGTH,
  TrackDownloadSchema,
  TrackListPageSchema,
  TrackMetadataSchema,
} from "../../../shared/cloud/device_cloud.ts";
import { ensureControllerApp } from "../device_api/mod.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import {
  addController,
  addLibraryTrack,
  cloudOwner,
  localPath,
  syncOnlyPlaylist,
} from "./testing/support.ts";

describe("device cloud API", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
  });
  after(() => t.close());

  let trackCounter = 0;
  const trackId = (name: string) => `${name}-${++trackCounter}`;

  async function errorOf(response: Response): Promise<string> {
    assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    return DeviceCloudErrorSchema.parse(await response.json()).error;
  }

  describe("track list", () => {
    it("pages through the owner's tracks oldest first, with the total, in the shared shape", async () => {
      const owner = await cloudOwner(t);
      const ids = [trackId("a"), trackId("b"), trackId("c"), trackId("d"), trackId("e")];
      for (const id of ids) await addLibraryTrack(t, owner.user.id, { id, title: `Song ${id}` });
      const stranger = await signedInUser(t);
      await addLibraryTrack(t, stranger.user.id, { id: trackId("theirs"), title: "Not yours" });

      const pages = [];
      for (const offset of [0, 2, 4]) {
        const res = await owner.controller.call(`/api/device/cloud/tracks?limit=2&offset=${offset}`);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("cache-control"), "no-store");
        pages.push(TrackListPageSchema.parse(await res.json()));
      }
      assert.deepEqual(pages.map((page) => page.total), [5, 5, 5]);
      assert.deepEqual(pages.map((page) => [page.limit, page.offset]), [[2, 0], [2, 2], [2, 4]]);
      assert.deepEqual(pages.flatMap((page) => page.items.map((item) => item.id)), ids);

      const whole = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks")).json(),
      );
      assert.equal(whole.limit, 50);
      assert.deepEqual(whole.items.map((item) => item.id), ids, "the default page, same order");
      const past = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks?offset=10")).json(),
      );
      assert.deepEqual([past.items, past.total], [[], 5]);
    });

    it("carries analysis, checksum and change time for each track", async () => {
      const owner = await cloudOwner(t);
      const id = trackId("analysed");
      const bytes = await addLibraryTrack(t, owner.user.id, {
        id,
        title: "Nightdrive",
        artist: "Ana",
        album: "Roads",
        genre: "Techno",
        analysis: { bpm: 128, firstBeatSeconds: 0.25, keyName: "Am", keyCamelot: "8A", durationSeconds: 240 },
      });
      const pending = trackId("pending");
      await addLibraryTrack(t, owner.user.id, { id: pending, title: "Still analysing" });
      const page = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks")).json(),
      );
      const [item, unanalysed] = page.items;
      assert.deepEqual({ ...item, updatedAt: undefined }, {
        id,
        title: "Nightdrive",
        artist: "Ana",
        album: "Roads",
        genre: "Techno",
        bpm: 128,
        key: "Am",
        camelot: "8A",
        durationSec: 240,
        format: "mp3",
        sizeBytes: bytes.byteLength,
        sha256: createHash("sha256").update(bytes).digest("hex"),
        updatedAt: undefined,
      });
      assert.ok(Date.parse(item.updatedAt) > 0);
      assert.equal(unanalysed.id, pending);
      assert.deepEqual([unanalysed.bpm, unanalysed.key, unanalysed.camelot, unanalysed.durationSec], [
        null,
        null,
        null,
        null,
      ]);
    });

    it("cuts over-long tags to the shared bound, so the page still parses", async () => {
      const owner = await cloudOwner(t);
      await addLibraryTrack(t, owner.user.id, {
        id: trackId("long"),
        title: "T".repeat(MAX_TAG_LENGTH + 100),
        genre: "G".repeat(MAX_TAG_LENGTH + 1),
      });
      const page = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks")).json(),
      );
      assert.equal(page.items[0].title, "T".repeat(MAX_TAG_LENGTH));
      assert.equal(page.items[0].genre?.length, MAX_TAG_LENGTH);
    });

    it("answers bad paging parameters with 400 and a JSON error", async () => {
      const owner = await cloudOwner(t);
      for (
        const query of [
          "limit=0",
          "limit=201",
          "limit=ten",
          "limit=",
          "offset=-1",
          "page=2",
          "limit=5&limit=6",
        ]
      ) {
        const res = await owner.controller.call(`/api/device/cloud/tracks?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(await errorOf(res), "invalid_request");
      }
      const long = await owner.controller.call(`/api/device/cloud/tracks?limit=1&x=${"a".repeat(3000)}`);
      assert.equal(long.status, 400);
    });
  });

  describe("search", () => {
    let owner: Awaited<ReturnType<typeof cloudOwner>>;
    const ids: Record<string, string> = {};
    before(async () => {
      owner = await cloudOwner(t);
      const tracks = [
        {
          name: "house1",
          title: "Deep House Sunrise",
          artist: "Ana",
          genre: "Deep House",
          bpm: 122,
          key: ["Am", "8A"],
        },
        { name: "house2", title: "Warehouse", artist: "Bo", genre: "House", bpm: 126, key: ["C", "8B"] },
        {
          name: "techno",
          title: "Pulse",
          artist: "House of Kicks",
          genre: "Techno",
          bpm: 134,
          key: ["F#m", "11A"],
        },
        {
          name: "album",
          title: "Echoes",
          artist: "Cy",
          album: "The House Album",
          genre: "Disco",
          bpm: 118,
          key: ["Am", "8A"],
        },
        { name: "other", title: "Breaks", artist: "Di", genre: "Breaks", bpm: 140, key: ["Bb", "6B"] },
      ];
      for (const track of tracks) {
        ids[track.name] = trackId(track.name);
        await addLibraryTrack(t, owner.user.id, {
          id: ids[track.name],
          title: track.title,
          artist: track.artist,
          album: track.album ?? null,
          genre: track.genre,
          analysis: {
            bpm: track.bpm,
            firstBeatSeconds: 0,
            keyName: track.key[0],
            keyCamelot: track.key[1],
            durationSeconds: 200,
          },
        });
      }
    });

    async function search(query: string) {
      const res = await owner.controller.call(`/api/device/cloud/tracks/search?${query}`);
      assert.equal(res.status, 200, `${query}: ${await res.clone().text()}`);
      const page = TrackListPageSchema.parse(await res.json());
      const byId = Object.fromEntries(Object.entries(ids).map(([name, id]) => [id, name]));
      return { names: page.items.map((item) => byId[item.id]), total: page.total };
    }

    it("matches the query in title, artist or album, case-insensitively", async () => {
      assert.deepEqual((await search("q=house")).names, ["house1", "house2", "techno", "album"]);
      assert.deepEqual((await search("q=SUNRISE")).names, ["house1"]);
      assert.deepEqual((await search("q=breaks")).names, ["other"], "title, not genre alone");
      assert.deepEqual((await search("q=100%25")).names, [], "LIKE wildcards are literal");
    });

    it("filters by genre, BPM range and key (standard or Camelot), and combines filters", async () => {
      assert.deepEqual((await search("genre=house")).names, ["house2"], "the genre exactly");
      assert.deepEqual((await search("bpmMin=120&bpmMax=134")).names, ["house1", "house2", "techno"]);
      assert.deepEqual((await search("bpmMin=126")).names, ["house2", "techno", "other"]);
      assert.deepEqual((await search("key=8A")).names, ["house1", "album"]);
      assert.deepEqual((await search("key=8a")).names, ["house1", "album"]);
      assert.deepEqual((await search("key=f%23m")).names, ["techno"]);
      assert.deepEqual((await search("q=house&bpmMax=125&key=Am")).names, ["house1", "album"]);
      assert.deepEqual((await search("q=house&genre=techno&bpmMin=130&bpmMax=135")).names, ["techno"]);
    });

    it("limits the page but counts every match", async () => {
      assert.deepEqual(await search("q=house&limit=2"), { names: ["house1", "house2"], total: 4 });
      assert.deepEqual(await search("q=house&limit=2&offset=2"), { names: ["techno", "album"], total: 4 });
    });

    it("answers bad search parameters with 400 and a JSON error", async () => {
      for (
        const query of [
          "bpmMin=130&bpmMax=120",
          "bpmMin=fast",
          "bpmMax=1000",
          "limit=500",
          `q=${"x".repeat(201)}`,
          "q=%20%20",
          "bpm=128",
          "genre=a&genre=b",
        ]
      ) {
        const res = await owner.controller.call(`/api/device/cloud/tracks/search?${query}`);
        assert.equal(res.status, 400, query);
        assert.equal(await errorOf(res), "invalid_request");
      }
    });
  });

  describe("metadata", () => {
    it("gives the beatgrid, cue points and loops of a track", async () => {
      const owner = await cloudOwner(t);
      const id = trackId("marked");
      await addLibraryTrack(t, owner.user.id, {
        id,
        title: "Marked",
        analysis: {
          bpm: 124,
          firstBeatSeconds: 0.48,
          keyName: "Eb",
          keyCamelot: "5B",
          durationSeconds: 301.5,
        },
        marks: { cuePoints: [{ time: 0 }, { time: 32.5, name: "Drop" }], loops: [{ start: 64, end: 72 }] },
      });
      const res = await owner.controller.call(`/api/device/cloud/tracks/${id}/metadata`);
      assert.equal(res.status, 200);
      const metadata = TrackMetadataSchema.parse(await res.json());
      assert.deepEqual(metadata.beatgrid, { bpm: 124, firstBeatSec: 0.48 });
      assert.deepEqual(metadata.cuePoints, [{ time: 0 }, { time: 32.5, name: "Drop" }]);
      assert.deepEqual(metadata.loops, [{ start: 64, end: 72 }]);
      assert.deepEqual([metadata.key, metadata.camelot, metadata.durationSec], ["Eb", "5B", 301.5]);

      const bare = trackId("bare");
      await addLibraryTrack(t, owner.user.id, { id: bare, title: "Bare" });
      const plain = TrackMetadataSchema.parse(
        await (await owner.controller.call(`/api/device/cloud/tracks/${bare}/metadata`)).json(),
      );
      assert.deepEqual([plain.beatgrid, plain.cuePoints, plain.loops], [null, [], []]);
    });
  });

  describe("refusals", () => {
    it("401 without headers, with a bad token or with another serial", async () => {
      const owner = await cloudOwner(t);
      const id = trackId("guarded");
      await addLibraryTrack(t, owner.user.id, { id, title: "Guarded" });
      const paths = [
        "/api/device/cloud/tracks",
        "/api/device/cloud/tracks/search?q=a",
        `/api/device/cloud/tracks/${id}/metadata`,
        `/api/device/cloud/tracks/${id}/download`,
      ];
      for (const path of paths) {
        const bare = await t.app.request(path);
        assert.equal(bare.status, 401, path);
        assert.equal(await errorOf(bare), "invalid_token");
        const badToken = await owner.controller.call(path, {}, { "x-ocp-token": "forged" });
        assert.equal(badToken.status, 401, path);
        assert.equal(await errorOf(badToken), "invalid_token");
        const otherSerial = await owner.controller.call(path, {}, {
          "x-device-serial": "MXR-20250122-999999",
        });
        assert.equal(otherSerial.status, 401, path);
        assert.equal(await errorOf(otherSerial), "invalid_token");
      }
    });

    it("403 for a locked device, until it is unlocked", async () => {
      const owner = await cloudOwner(t);
      await owner.browser.post(`/devices/${owner.deviceId}/lock`);
      const locked = await owner.controller.call("/api/device/cloud/tracks");
      assert.equal(locked.status, 403);
      assert.equal(await errorOf(locked), "device_locked");
      await owner.browser.post(`/devices/${owner.deviceId}/unlock`);
      assert.equal((await owner.controller.call("/api/device/cloud/tracks")).status, 200);
    });

    it("403 while the owner's cloud access is off", async () => {
      const owner = await cloudOwner(t, { cloudAccess: false });
      const off = await owner.controller.call("/api/device/cloud/tracks/search?q=x");
      assert.equal(off.status, 403);
      assert.equal(await errorOf(off), "cloud_access_disabled");
      await owner.browser.post("/devices/cloud-access", { enabled: "on" });
      assert.equal((await owner.controller.call("/api/device/cloud/tracks/search?q=x")).status, 200);
    });

    it("a device no longer linked loses its session with its link (401), and its download links (403)", async () => {
      const owner = await cloudOwner(t);
      const id = trackId("unlinked");
      await addLibraryTrack(t, owner.user.id, { id, title: "Unlinked" });
      const download = TrackDownloadSchema.parse(
        await (await owner.controller.call(`/api/device/cloud/tracks/${id}/download`)).json(),
      );
      await owner.browser.post(`/devices/${owner.deviceId}/revoke`);
      const api = await owner.controller.call("/api/device/cloud/tracks");
      assert.equal(api.status, 401);
      assert.equal(await errorOf(api), "invalid_token");
      const file = await t.app.request(localPath(download.url));
      assert.equal(file.status, 403);
      assert.equal(await errorOf(file), "device_not_linked");
    });

    it("404 for another user's track, a made-up id, and a track outside the sync selection", async () => {
      const owner = await cloudOwner(t);
      const synced = trackId("synced");
      const unsynced = trackId("unsynced");
      await addLibraryTrack(t, owner.user.id, { id: synced, title: "In the gig playlist" });
      await addLibraryTrack(t, owner.user.id, { id: unsynced, title: "Left at home" });
      const stranger = await signedInUser(t);
      const theirs = trackId("theirs");
      await addLibraryTrack(t, stranger.user.id, { id: theirs, title: "Someone else's" });
      await syncOnlyPlaylist(t, owner.user.id, [synced]);

      const list = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks")).json(),
      );
      assert.deepEqual([list.items.map((item) => item.id), list.total], [[synced], 1]);
      const found = TrackListPageSchema.parse(
        await (await owner.controller.call("/api/device/cloud/tracks/search?q=e")).json(),
      );
      assert.deepEqual(found.items.map((item) => item.id), [synced]);
      for (const id of [unsynced, theirs, "no-such-track"]) {
        for (const action of ["metadata", "download"]) {
          const res = await owner.controller.call(`/api/device/cloud/tracks/${id}/${action}`);
          assert.equal(res.status, 404, `${id} ${action}`);
          assert.equal(await errorOf(res), "not_found");
        }
      }
      assert.equal((await owner.controller.call(`/api/device/cloud/tracks/${synced}/metadata`)).status, 200);
      const badId = await owner.controller.call("/api/device/cloud/tracks/a%20b/metadata");
      assert.equal(badId.status, 400);
    });
  });

  describe("download through a portal-signed URL", () => {
    let owner: Awaited<ReturnType<typeof cloudOwner>>;
    let id: string;
    let bytes: Uint8Array;
    before(async () => {
      owner = await cloudOwner(t);
      id = trackId("download");
      bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + 7) % 251);
      bytes = await addLibraryTrack(t, owner.user.id, { id, title: "Downloadable", bytes });
    });

    async function downloadAnswer() {
      const res = await owner.controller.call(`/api/device/cloud/tracks/${id}/download`);
      assert.equal(res.status, 200);
      return TrackDownloadSchema.parse(await res.json());
    }

    it("answers a URL valid for one hour with the size and checksum, and serves the whole file", async () => {
      const answer = await downloadAnswer();
      assert.equal(Date.parse(answer.expiresAt) - t.clock.now().getTime() <= 3600_000, true);
      assert.ok(Date.parse(answer.expiresAt) - t.clock.now().getTime() > 3599_000);
      assert.equal(answer.sizeBytes, bytes.byteLength);
      assert.equal(new URL(answer.url).origin, new URL(t.deps.config.publicUrl).origin);
      const file = await t.app.request(localPath(answer.url));
      assert.equal(file.status, 200);
      assert.equal(file.headers.get("accept-ranges"), "bytes");
      assert.equal(file.headers.get("content-length"), String(bytes.byteLength));
      const body = new Uint8Array(await file.arrayBuffer());
      assert.equal(createHash("sha256").update(body).digest("hex"), answer.sha256);
    });

    it("serves byte ranges with 206 and Content-Range, and 416 past the end", async () => {
      const path = localPath((await downloadAnswer()).url);
      const part = await t.app.request(path, { headers: { range: "bytes=100000-" } });
      assert.equal(part.status, 206);
      assert.equal(part.headers.get("content-range"), `bytes 100000-299999/300000`);
      assert.equal(part.headers.get("content-length"), "200000");
      assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(100000));
      const middle = await t.app.request(path, { headers: { range: "bytes=10-19" } });
      assert.equal(middle.status, 206);
      assert.deepEqual(new Uint8Array(await middle.arrayBuffer()), bytes.slice(10, 20));
      const tail = await t.app.request(path, { headers: { range: "bytes=-5" } });
      assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), bytes.slice(-5));
      const beyond = await t.app.request(path, { headers: { range: "bytes=300000-" } });
      assert.equal(beyond.status, 416);
      assert.equal(beyond.headers.get("content-range"), "bytes */300000");
      const otherVersion = await t.app.request(path, {
        headers: { range: "bytes=10-19", "if-range": '"old"' },
      });
      assert.equal(otherVersion.status, 200, "If-Range of another version gets the whole file");
      await otherVersion.body?.cancel();
    });

    it("refuses tampered and expired URLs with 403", async () => {
      const url = new URL((await downloadAnswer()).url);
      const other = trackId("other");
      await addLibraryTrack(t, owner.user.id, { id: other, title: "Other" });
      const tampered = [
        (u: URL) => u.searchParams.set("signature", `${u.searchParams.get("signature")!.slice(0, -2)}AA`),
        (u: URL) => u.searchParams.set("expires", String(Number(u.searchParams.get("expires")) + 3600)),
        (u: URL) => u.searchParams.set("device", crypto.randomUUID()),
        (u: URL) => (u.pathname = u.pathname.replace(id, other)),
        (u: URL) => u.searchParams.delete("signature"),
        (u: URL) => u.searchParams.set("expires", "soon"),
      ];
      for (const change of tampered) {
        const changed = new URL(url);
        change(changed);
        const res = await t.app.request(localPath(changed.toString()));
        assert.equal(res.status, 403, changed.search);
        assert.equal(await errorOf(res), "invalid_token");
      }
      assert.equal((await t.app.request(localPath(url.toString()), { method: "HEAD" })).status, 200);
      t.clock.advance(3600_000);
      const expired = await t.app.request(localPath(url.toString()));
      assert.equal(expired.status, 403);
      assert.equal(await errorOf(expired), "invalid_token");
      assert.match((await (await t.app.request(localPath(url.toString()))).json()).message, /expired/);
      assert.equal((await owner.controller.hello()).status, 200, "a new session for the tests after this");
    });

    it("stops a live URL when the device is locked, cloud access goes off, or the track leaves the sync", async () => {
      const path = localPath((await downloadAnswer()).url);
      await owner.browser.post(`/devices/${owner.deviceId}/lock`);
      const locked = await t.app.request(path);
      assert.equal(locked.status, 403);
      assert.equal(await errorOf(locked), "device_locked");
      await owner.browser.post(`/devices/${owner.deviceId}/unlock`);
      await owner.browser.post("/devices/cloud-access", { enabled: "off" });
      const off = await t.app.request(path);
      assert.equal(off.status, 403);
      assert.equal(await errorOf(off), "cloud_access_disabled");
      await owner.browser.post("/devices/cloud-access", { enabled: "on" });
      const ok = await t.app.request(path);
      assert.equal(ok.status, 200);
      await ok.body?.cancel();
      await syncOnlyPlaylist(t, owner.user.id, []);
      const unsynced = await t.app.request(path);
      assert.equal(unsynced.status, 404);
      assert.equal(await errorOf(unsynced), "not_found");
    });
  });

  describe("sync records", () => {
    it("show each device's last sync and tracks held on Linked Devices, and the Synced column", async () => {
      const owner = await cloudOwner(t);
      const second = await addController(t, owner.browser);
      const first = trackId("held");
      const both = trackId("shared");
      const none = trackId("unheld");
      for (const id of [first, both, none]) {
        await addLibraryTrack(t, owner.user.id, { id, title: `Track ${id}` });
      }

      const before = await (await owner.browser.get("/cloud/sync")).text();
      assert.equal((before.match(/never synced/g) ?? []).length, 2);

      const downloadedAt = t.clock.now();
      for (const id of [first, both]) {
        assert.equal((await owner.controller.call(`/api/device/cloud/tracks/${id}/download`)).status, 200);
      }
      t.clock.advance(90_000);
      assert.equal((await second.call(`/api/device/cloud/tracks/${both}/download`)).status, 200);

      const sync = await (await owner.browser.get("/cloud/sync")).text();
      const stamp = (at: Date) => at.toISOString().slice(0, 16).replace("T", " ");
      assert.match(
        sync,
        new RegExp(`${owner.controller.serial}[\\s\\S]*?last sync ${stamp(downloadedAt)} UTC · 2 tracks`),
      );
      assert.match(
        sync,
        new RegExp(`${second.serial}[\\s\\S]*?last sync ${stamp(t.clock.now())} UTC · 1 track<`),
      );
      assert.doesNotMatch(sync, /never synced/);

      const library = await (await owner.browser.get("/cloud")).text();
      const syncedCell = (id: string) =>
        new RegExp(`data-track-id="${id}"[\\s\\S]*?data-testid="synced"[^>]*>([^<]*)<`).exec(library)?.[1]
          .trim();
      assert.equal(syncedCell(first), "1 device");
      assert.equal(syncedCell(both), "2 devices");
      assert.equal(syncedCell(none), "—");
    });
  });
});
