import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";
import {
  addTrackToPlaylist,
  createPlaylist,
  listPlaylists,
  MAX_PLAYLIST_NAME,
  moveTrackInPlaylist,
  playlistTrackIds,
  renamePlaylist,
  setPlaylistOrder,
} from "./playlists.ts";

describe("playlists", () => {
  let t: TestApp;
  let userId: string;
  const tracks = seedTracks(5, "p");

  before(async () => {
    t = await createTestApp();
    await t.browser().signUp(t, { email: "ana@example.com" });
    [{ id: userId }] = await t.deps.db.select({ id: users.id }).from(users);
    await insertSeedTracks(t.deps.db, userId, tracks);
  });
  after(() => t.close());

  it("keeps a dense order without repeats, moves at the ends do nothing, and counts tracks", async () => {
    const db = t.deps.db;
    const playlist = await createPlaylist(db, userId, "  Late   night ", [
      tracks[2].id,
      tracks[2].id,
      tracks[0].id,
    ]);
    assert.equal(playlist.name, "Late night");
    assert.deepEqual(await playlistTrackIds(db, playlist.id), [tracks[2].id, tracks[0].id]);
    assert.equal(
      await addTrackToPlaylist(db, userId, playlist.id, tracks[2].id),
      true,
      "already in: stays put",
    );
    assert.equal(await addTrackToPlaylist(db, userId, playlist.id, tracks[4].id), true);
    assert.equal(await moveTrackInPlaylist(db, userId, playlist.id, tracks[2].id, -1), true);
    assert.equal(await moveTrackInPlaylist(db, userId, playlist.id, tracks[4].id, 1), true);
    assert.deepEqual(await playlistTrackIds(db, playlist.id), [tracks[2].id, tracks[0].id, tracks[4].id]);
    assert.equal(await moveTrackInPlaylist(db, userId, playlist.id, tracks[1].id, 1), false, "not in it");
    assert.equal(await setPlaylistOrder(db, userId, playlist.id, []), true);
    assert.deepEqual(await playlistTrackIds(db, playlist.id), []);
    const [summary] = (await listPlaylists(db, userId)).filter((row) => row.id === playlist.id);
    assert.equal(summary.trackCount, 0);
  });

  it("refuses empty and overlong names and changes nothing", async () => {
    const db = t.deps.db;
    await assert.rejects(createPlaylist(db, userId, "   "), RangeError);
    await assert.rejects(createPlaylist(db, userId, "x".repeat(MAX_PLAYLIST_NAME + 1)), RangeError);
    const playlist = await createPlaylist(db, userId, "Keep");
    await assert.rejects(renamePlaylist(db, userId, playlist.id, ""), RangeError);
    assert.equal((await listPlaylists(db, userId)).find((row) => row.id === playlist.id)!.name, "Keep");
  });
});
