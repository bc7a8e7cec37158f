import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import {
  cloudPlaylists,
  cloudPlaylistTracks,
  cloudSyncSettings,
  cloudTrackMarks,
} from "../../db/schema/cloud_library.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import type { UserExport } from "../danger_zone/mod.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";

describe("playlists, cues and sync settings in the Danger Zone", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let anaId: string;
  let boPlaylist: string;

  before(async () => {
    t = await createTestApp();
    ana = t.browser();
    const bo = t.browser("192.0.2.2");
    await ana.signUp(t, { email: "ana@example.com", password: "correct horse battery" });
    await bo.signUp(t, { email: "bo@example.com" });
    const rows = await t.deps.db.select({ id: users.id, email: users.email }).from(users);
    anaId = rows.find((row) => row.email === "ana@example.com")!.id;
    const boId = rows.find((row) => row.email === "bo@example.com")!.id;
    await insertSeedTracks(t.deps.db, anaId, seedTracks(3, "ana"));
    await insertSeedTracks(t.deps.db, boId, seedTracks(1, "bo"));
    await ana.post("/cloud/playlists", { name: "Set", trackIds: "ana000000,ana000001" });
    await ana.post("/cloud/tracks/ana000000/cues", { time: "12" });
    await ana.post("/cloud/sync", { mode: "playlists" });
    const created = await bo.post("/cloud/playlists", { name: "Bo", trackIds: "bo000000" });
    boPlaylist = created.headers.get("location")!.split("/").at(-1)!;
  });
  after(() => t.close());

  it("exports them with the account and deletes them with it, leaving other users' rows", async () => {
    const exported = await ana.post("/danger-zone/export");
    assert.equal(exported.status, 200);
    const doc: UserExport = await exported.json();
    assert.deepEqual(doc.tables.cloud_playlists.map((row) => row.name), ["Set"]);
    assert.equal(doc.tables.cloud_playlist_tracks.length, 2);
    assert.equal(doc.tables.cloud_track_marks.length, 1);
    assert.deepEqual(doc.tables.cloud_sync_settings.map((row) => row.mode), ["playlists"]);
    const deleted = await ana.post("/danger-zone/delete", { password: "correct horse battery" });
    assert.equal(deleted.status, 303);
    const db = t.deps.db;
    assert.equal((await db.select().from(cloudPlaylists).where(eq(cloudPlaylists.userId, anaId))).length, 0);
    assert.equal((await db.select().from(cloudTrackMarks)).length, 0);
    assert.equal((await db.select().from(cloudSyncSettings)).length, 0);
    assert.deepEqual((await db.select().from(cloudPlaylistTracks)).map((row) => row.playlistId), [
      boPlaylist,
    ]);
  });
});
