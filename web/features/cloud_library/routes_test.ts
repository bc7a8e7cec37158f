import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { trackAnalysis } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { cloudPlaylists, cloudPlaylistTracks } from "../../db/schema/cloud_library.ts";
import { users } from "../../db/schema/users.ts";
import { devices, deviceSettings } from "../../db/schema/devices.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";
import { findAll, readXml } from "./testing/read_xml.ts";

const FILE = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) % 251);

describe("cloud library rooms over HTTP", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let bo: TestBrowser;
  let anaId: string;
  const tracks = seedTracks(12, "ana");
  const first = tracks[0].id;

  before(async () => {
    t = await createTestApp();
    ana = t.browser();
    bo = t.browser("192.0.2.2");
    await ana.signUp(t, { email: "ana@example.com" });
    await bo.signUp(t, { email: "bo@example.com" });
    const rows = await t.deps.db.select({ id: users.id, email: users.email }).from(users);
    anaId = rows.find((row) => row.email === "ana@example.com")!.id;
    const boId = rows.find((row) => row.email === "bo@example.com")!.id;
    await insertSeedTracks(t.deps.db, anaId, tracks);
    await insertSeedTracks(t.deps.db, boId, seedTracks(2, "bo"));
    await t.deps.db.update(trackAnalysis).set({ waveform: '{"pointsPerSecond":2,"peaks":[0.5,1,0.25]}' })
      .where(eq(trackAnalysis.trackId, first));
    await t.deps.storage.put(`cloud/${anaId}/${first}`, FILE);
  });
  after(() => t.close());

  async function createPlaylist(
    browser: TestBrowser,
    name: string,
    trackIds: string[] = [],
  ): Promise<string> {
    const response = await browser.post("/cloud/playlists", { name, trackIds: trackIds.join(",") });
    assert.equal(response.status, 303);
    return response.headers.get("location")!.split("/").at(-1)!;
  }

  it("serves the audio whole and in byte ranges, and refuses ranges past the end", async () => {
    const whole = await ana.get(`/cloud/tracks/${first}/audio`);
    assert.equal(whole.status, 200);
    assert.equal(whole.headers.get("accept-ranges"), "bytes");
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), FILE);
    const part = await ana.get(`/cloud/tracks/${first}/audio`, { range: "bytes=1000-1999" });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 1000-1999/5000");
    assert.equal(part.headers.get("content-length"), "1000");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), FILE.slice(1000, 2000));
    const tail = await ana.get(`/cloud/tracks/${first}/audio`, { range: "bytes=-10" });
    assert.deepEqual(new Uint8Array(await tail.arrayBuffer()), FILE.slice(4990));
    const beyond = await ana.get(`/cloud/tracks/${first}/audio`, { range: "bytes=5000-" });
    assert.equal(beyond.status, 416);
    assert.equal(beyond.headers.get("content-range"), "bytes */5000");
    await beyond.body?.cancel();
  });

  it("shows the track page with the waveform, its peaks as JSON and a style nonce for wavesurfer.js", async () => {
    const page = await ana.get(`/cloud/tracks/${first}`);
    assert.equal(page.status, 200);
    const html = await page.text();
    const nonce = /data-nonce="([^"]+)"/.exec(html)![1];
    assert.match(
      page.headers.get("content-security-policy")!,
      new RegExp(`style-src 'self' 'nonce-${nonce.replace(/[+/=]/g, "\\$&")}'`),
    );
    assert.match(html, /data-audio="\/cloud\/tracks\/ana000000\/audio"/);
    const script = /data-wavesurfer="([^"]+)"/.exec(html)![1];
    const wavesurfer = await ana.get(script);
    assert.equal(wavesurfer.status, 200);
    assert.match(await wavesurfer.text(), /cspNonce/);
    const peaks = await ana.get(`/cloud/tracks/${first}/peaks.json`);
    assert.deepEqual(await peaks.json(), {
      durationSeconds: tracks[0].durationSeconds,
      pointsPerSecond: 2,
      peaks: [0.5, 1, 0.25],
    });
  });

  it("edits tags and refuses a bad year without changing anything", async () => {
    const saved = await ana.post(`/cloud/tracks/${first}/tags`, {
      title: "  New Title ",
      artist: "New Artist",
      album: "",
      genre: "Deep House",
      year: "2024",
    });
    assert.equal(saved.status, 303);
    const [row] = await t.deps.db.select().from(cloudTracks).where(eq(cloudTracks.id, first));
    assert.deepEqual([row.title, row.artist, row.album, row.genre, row.year], [
      "New Title",
      "New Artist",
      null,
      "Deep House",
      2024,
    ]);
    const bad = await ana.post(`/cloud/tracks/${first}/tags`, {
      title: "X",
      artist: "",
      album: "",
      genre: "",
      year: "20x4",
    });
    assert.equal(bad.status, 422);
    const [still] = await t.deps.db.select().from(cloudTracks).where(eq(cloudTracks.id, first));
    assert.equal(still.title, "New Title");
  });

  it("adds and removes cue points and loops, and replaces them as JSON", async () => {
    assert.equal((await ana.post(`/cloud/tracks/${first}/cues`, { time: "32.5", name: "Drop" })).status, 303);
    assert.equal((await ana.post(`/cloud/tracks/${first}/cues`, { time: "0" })).status, 303);
    assert.equal((await ana.post(`/cloud/tracks/${first}/loops`, { start: "0", end: "8" })).status, 303);
    assert.equal((await ana.post(`/cloud/tracks/${first}/loops`, { start: "8", end: "4" })).status, 422);
    assert.equal((await ana.post(`/cloud/tracks/${first}/cues`, { time: "-3" })).status, 422);
    let marks = await (await ana.get(`/cloud/tracks/${first}/marks`)).json();
    assert.deepEqual(marks, {
      cuePoints: [{ time: 0 }, { time: 32.5, name: "Drop" }],
      loops: [{ start: 0, end: 8 }],
    });
    assert.equal((await ana.post(`/cloud/tracks/${first}/cues/0/delete`)).status, 303);
    assert.equal((await ana.post(`/cloud/tracks/${first}/cues/9/delete`)).status, 422);
    marks = await (await ana.get(`/cloud/tracks/${first}/marks`)).json();
    assert.deepEqual(marks.cuePoints, [{ time: 32.5, name: "Drop" }]);
    const put = (body: string) =>
      ana.request(`/cloud/tracks/${first}/marks`, {
        method: "PUT",
        body,
        headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
      });
    const replaced = await put(
      JSON.stringify({ cuePoints: [{ time: 64 }, { time: 16 }], loops: [{ start: 16, end: 24 }] }),
    );
    assert.equal(replaced.status, 200);
    assert.deepEqual((await replaced.json()).cuePoints, [{ time: 16 }, { time: 64 }]);
    assert.equal((await put('{"cuePoints":[{"time":1,"color":"red"}],"loops":[]}')).status, 400);
    assert.equal((await put("x".repeat(40_000))).status, 413);
    marks = await (await ana.get(`/cloud/tracks/${first}/marks`)).json();
    assert.deepEqual(marks.loops, [{ start: 16, end: 24 }]);
  });

  it("creates, fills, orders, renames and deletes playlists; another user's tracks never get in", async () => {
    const id = await createPlaylist(ana, "Warm-up", [tracks[3].id, "bo000000", tracks[1].id]);
    const order = async () =>
      (await t.deps.db.select().from(cloudPlaylistTracks).where(eq(cloudPlaylistTracks.playlistId, id))
        .orderBy(cloudPlaylistTracks.position)).map((row) => row.trackId);
    assert.deepEqual(await order(), [tracks[3].id, tracks[1].id]);
    assert.equal((await ana.post(`/cloud/playlists/${id}/tracks`, { trackId: tracks[2].id })).status, 303);
    assert.equal((await ana.post(`/cloud/playlists/${id}/tracks`, { trackId: "bo000001" })).status, 404);
    assert.equal(
      (await ana.post(`/cloud/playlists/${id}/tracks/${tracks[2].id}/move`, { step: "up" })).status,
      303,
    );
    assert.deepEqual(await order(), [tracks[3].id, tracks[2].id, tracks[1].id]);
    assert.equal((await ana.post(`/cloud/playlists/${id}/tracks/${tracks[3].id}/remove`)).status, 303);
    assert.deepEqual(await order(), [tracks[2].id, tracks[1].id]);
    const reorder = (browser: TestBrowser, body: string) =>
      browser.request(`/cloud/playlists/${id}/order`, {
        method: "PUT",
        body,
        headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
      });
    const reordered = await reorder(
      ana,
      JSON.stringify({ trackIds: [tracks[1].id, "bo000000", tracks[2].id] }),
    );
    assert.deepEqual(await reordered.json(), { trackIds: [tracks[1].id, tracks[2].id] });
    assert.equal((await reorder(ana, '{"trackIds":["../x"]}')).status, 400);
    assert.equal((await reorder(bo, JSON.stringify({ trackIds: [] }))).status, 404, "not bo's playlist");
    assert.deepEqual(await order(), [tracks[1].id, tracks[2].id]);
    assert.equal(
      (await ana.post(`/cloud/playlists/${id}/tracks/${tracks[1].id}/move`, { step: "down" })).status,
      303,
    );
    assert.equal((await ana.post(`/cloud/playlists/${id}/rename`, { name: "Opening" })).status, 303);
    assert.equal((await ana.post(`/cloud/playlists/${id}/rename`, { name: " " })).status, 422);
    const page = await (await ana.get(`/cloud/playlists/${id}`)).text();
    assert.match(page, /Opening/);
    assert.ok(page.indexOf(tracks[2].title) < page.indexOf(tracks[1].title));
    assert.equal((await ana.post(`/cloud/playlists/${id}/delete`)).status, 303);
    assert.equal(
      (await t.deps.db.select().from(cloudPlaylistTracks).where(eq(cloudPlaylistTracks.playlistId, id)))
        .length,
      0,
    );
  });

  it("deleting a track takes it out of every playlist", async () => {
    const id = await createPlaylist(ana, "Doomed", [tracks[10].id, tracks[11].id]);
    assert.equal((await ana.post(`/cloud/tracks/${tracks[10].id}/delete`)).status, 303);
    const rows = await t.deps.db.select().from(cloudPlaylistTracks).where(
      eq(cloudPlaylistTracks.playlistId, id),
    );
    assert.deepEqual(rows.map((row) => row.trackId), [tracks[11].id]);
  });

  it("exports a playlist and the whole library as rekordbox XML and m3u8", async () => {
    const id = await createPlaylist(ana, "Peak <Time>", [tracks[5].id, first]);
    const xml = await ana.get(`/cloud/playlists/${id}/export.xml`);
    assert.equal(xml.status, 200);
    assert.match(
      xml.headers.get("content-disposition")!,
      /^attachment; filename\*=UTF-8''Peak%20_Time_\.xml$/,
    );
    const root = readXml(await xml.text());
    const collection = findAll(root, "COLLECTION")[0];
    assert.deepEqual(collection.children.map((track) => track.attributes.Name), [
      tracks[5].title,
      "New Title",
    ]);
    const withMarks = collection.children[1];
    assert.equal(findAll(withMarks, "TEMPO")[0].attributes.Inizio, "0.100");
    assert.deepEqual(
      findAll(withMarks, "POSITION_MARK").map((mark) => [mark.attributes.Type, mark.attributes.Start]),
      [
        ["0", "16.000"],
        ["0", "64.000"],
        ["4", "16.000"],
      ],
    );
    const m3u8 = (await (await ana.get(`/cloud/playlists/${id}/export.m3u8`)).text()).trimEnd().split("\n");
    assert.equal(m3u8[0], "#EXTM3U");
    assert.equal(m3u8.filter((line) => line.startsWith("#EXTINF:")).length, 2);
    const library = readXml(await (await ana.get("/cloud/export/library.xml")).text());
    assert.equal(findAll(library, "COLLECTION")[0].attributes.Entries, String(tracks.length - 1));
    const names = findAll(library, "NODE").filter((node) => node.attributes.Type === "1").map((node) =>
      node.attributes.Name
    );
    assert.ok(names.includes("Peak <Time>"));
    const all = await (await ana.get("/cloud/export/library.m3u8")).text();
    assert.equal(all.match(/^#EXTINF:/gm)!.length, tracks.length - 1);
    assert.doesNotMatch(all, /bo00000/);
  });

  it("plans a MIXEY AI set from the library and saves it as a playlist", async () => {
    const response = await ana.post("/cloud/playlists/mixey", { prompt: "30 minute set, 90 to 130, rising" });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /data-testid="mixey-plan"/);
    assert.match(html, /BPM \(/);
    const trackIds = /name="trackIds" value="([^"]+)"/.exec(html)![1].split(",");
    assert.ok(trackIds.length >= 2);
    const saved = await createPlaylist(ana, "MIXEY", trackIds);
    const [playlist] = await t.deps.db.select().from(cloudPlaylists).where(eq(cloudPlaylists.id, saved));
    assert.equal(playlist.userId, anaId);
    assert.equal((await ana.post("/cloud/playlists/mixey", { prompt: "" })).status, 422);
  });

  it("lists a linked controller under Linked Devices only while cloud access is on", async () => {
    const now = new Date();
    await t.deps.db.insert(devices).values({
      id: "dev-linked",
      serial: "MXR-20250101-LINKED",
      userId: anaId,
      model: "MIXERA ONE",
      nickname: "Booth left",
      purchaseDate: "2025-01-01",
      registeredAt: now,
      publicKey: "AAAA",
      linkedAt: now,
    });
    await t.deps.db.insert(devices).values({
      id: "dev-unlinked",
      serial: "MXR-20250101-NOTLNK",
      userId: anaId,
      model: "MIXERA ONE",
      purchaseDate: "2025-01-01",
      registeredAt: now,
    });
    try {
      assert.match(await (await ana.get("/cloud/sync")).text(), /No devices connected/);
      await t.deps.db.insert(deviceSettings).values({ userId: anaId, cloudAccess: true, updatedAt: now });
      const page = await (await ana.get("/cloud/sync")).text();
      assert.match(page, /Booth left/);
      assert.match(page, /MXR-20250101-LINKED/);
      assert.match(page, /never synced/);
      assert.doesNotMatch(
        page,
        /MXR-20250101-NOTLNK/,
        "a registered but unlinked device cannot reach the cloud",
      );
      assert.match(await (await bo.get("/cloud/sync")).text(), /No devices connected/);
    } finally {
      await t.deps.db.delete(deviceSettings).where(eq(deviceSettings.userId, anaId));
      await t.deps.db.delete(devices).where(eq(devices.userId, anaId));
    }
  });

  it("stores sync settings per user and shows no linked devices", async () => {
    const id = await createPlaylist(ana, "Sync me", [tracks[6].id, tracks[7].id]);
    let page = await (await ana.get("/cloud/sync")).text();
    assert.match(page, /No devices connected/);
    assert.match(page, new RegExp(`${tracks.length - 1} tracks sync`));
    const body = new URLSearchParams([["mode", "playlists"], ["playlist", id]]);
    const saved = await ana.request("/cloud/sync", {
      method: "POST",
      body,
      headers: { "content-type": "application/x-www-form-urlencoded", "sec-fetch-site": "same-origin" },
    });
    assert.equal(saved.status, 303);
    page = await (await ana.get("/cloud/sync")).text();
    assert.match(page, /2 tracks sync/);
    assert.match(page, /value="playlists" checked/);
    assert.equal((await ana.post("/cloud/sync", { mode: "some" })).status, 400);
    assert.match(
      await (await bo.get("/cloud/sync")).text(),
      /2 tracks sync/,
      "bo's own setting: all of his 2",
    );
  });

  it("answers 404 to another user for every track and playlist route", async () => {
    const playlist = await createPlaylist(ana, "Private", [first]);
    const attempts: [string, Promise<Response>][] = [
      ["track page", bo.get(`/cloud/tracks/${first}`)],
      ["audio", bo.get(`/cloud/tracks/${first}/audio`)],
      ["audio range", bo.get(`/cloud/tracks/${first}/audio`, { range: "bytes=0-9" })],
      ["peaks", bo.get(`/cloud/tracks/${first}/peaks.json`)],
      ["marks", bo.get(`/cloud/tracks/${first}/marks`)],
      [
        "tags",
        bo.post(`/cloud/tracks/${first}/tags`, {
          title: "Stolen",
          artist: "",
          album: "",
          genre: "",
          year: "",
        }),
      ],
      ["add cue", bo.post(`/cloud/tracks/${first}/cues`, { time: "1" })],
      ["delete cue", bo.post(`/cloud/tracks/${first}/cues/0/delete`)],
      ["add loop", bo.post(`/cloud/tracks/${first}/loops`, { start: "1", end: "2" })],
      ["delete loop", bo.post(`/cloud/tracks/${first}/loops/0/delete`)],
      [
        "replace marks",
        bo.request(`/cloud/tracks/${first}/marks`, {
          method: "PUT",
          body: '{"cuePoints":[],"loops":[]}',
          headers: { "content-type": "application/json", "sec-fetch-site": "same-origin" },
        }),
      ],
      ["playlist page", bo.get(`/cloud/playlists/${playlist}`)],
      ["rename", bo.post(`/cloud/playlists/${playlist}/rename`, { name: "Mine now" })],
      ["add own track to it", bo.post(`/cloud/playlists/${playlist}/tracks`, { trackId: "bo000000" })],
      [
        "add via track page",
        bo.post("/cloud/playlists/add-track", { playlistId: playlist, trackId: "bo000000" }),
      ],
      ["remove", bo.post(`/cloud/playlists/${playlist}/tracks/${first}/remove`)],
      ["move", bo.post(`/cloud/playlists/${playlist}/tracks/${first}/move`, { step: "down" })],
      ["export xml", bo.get(`/cloud/playlists/${playlist}/export.xml`)],
      ["export m3u8", bo.get(`/cloud/playlists/${playlist}/export.m3u8`)],
      ["delete", bo.post(`/cloud/playlists/${playlist}/delete`)],
    ];
    for (const [name, attempt] of attempts) {
      const response = await attempt;
      assert.equal(response.status, 404, name);
      await response.body?.cancel();
    }
    const boPlaylist = await createPlaylist(bo, "Bo's", ["bo000000"]);
    assert.equal(
      (await bo.post(`/cloud/playlists/${boPlaylist}/tracks`, { trackId: first })).status,
      404,
      "ana's track",
    );
    assert.equal(
      (await bo.post("/cloud/playlists/add-track", { playlistId: boPlaylist, trackId: first })).status,
      404,
    );
    const [mine] = await t.deps.db.select().from(cloudPlaylists).where(eq(cloudPlaylists.id, playlist));
    assert.equal(mine.name, "Private");
    const marks = await (await ana.get(`/cloud/tracks/${first}/marks`)).json();
    assert.equal(marks.cuePoints.length, 2, "ana's cues untouched");
    assert.equal((await ana.get("/cloud/playlists/not-a-playlist")).status, 404);
    assert.equal((await ana.get("/cloud/tracks/not-a-track")).status, 404);
    assert.doesNotMatch(await (await bo.get("/cloud/playlists")).text(), /Private/);
    const crossSite = await ana.post("/cloud/playlists", { name: "Planted" }, {
      "sec-fetch-site": "cross-site",
    });
    assert.equal(crossSite.status, 403, "a cross-site form cannot create playlists");
    assert.doesNotMatch(await (await ana.get("/cloud/playlists")).text(), /Planted/);
  });
});
