import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { camelotNeighbours } from "./camelot.ts";
import { DEFAULT_LIBRARY_QUERY, libraryGenres, listLibraryTracks, UnknownTrackError } from "./library.ts";
import { insertSeedTracks, seedTracks } from "./testing/seed_library.ts";

describe("listLibraryTracks", () => {
  let t: TestApp;
  let userId: string;
  let otherId: string;
  const tracks = seedTracks(120);

  before(async () => {
    t = await createTestApp();
    for (const email of ["ana@example.com", "bo@example.com"]) await t.browser().signUp(t, { email });
    const rows = await t.deps.db.select({ id: users.id, email: users.email }).from(users);
    userId = rows.find((row) => row.email === "ana@example.com")!.id;
    otherId = rows.find((row) => row.email === "bo@example.com")!.id;
    await insertSeedTracks(t.deps.db, userId, tracks);
    await insertSeedTracks(t.deps.db, otherId, seedTracks(5, "other"));
  });
  after(() => t.close());

  const list = (change: Partial<typeof DEFAULT_LIBRARY_QUERY>) =>
    listLibraryTracks(t.deps.db, userId, { ...DEFAULT_LIBRARY_QUERY, ...change });

  it("pages the user's tracks, newest first, 50 at a time, and only theirs", async () => {
    const first = await list({});
    assert.equal(first.total, 120);
    assert.equal(first.pageCount, 3);
    assert.equal(first.rows.length, 50);
    assert.equal(first.rows[0].id, tracks.at(-1)!.id);
    const last = await list({ page: 3 });
    assert.equal(last.rows.length, 20);
    assert.equal((await list({ page: 99 })).page, 3);
    const ids = new Set(
      [...first.rows, ...(await list({ page: 2 })).rows, ...last.rows].map((row) => row.id),
    );
    assert.equal(ids.size, 120);
    assert.ok([...ids].every((id) => id.startsWith("t")));
  });

  it("sorts by BPM both ways with unanalysed tracks last", async () => {
    for (const direction of ["asc", "desc"] as const) {
      const rows = (await list({ sort: "bpm", direction, page: 3 })).rows;
      const all = [
        ...(await list({ sort: "bpm", direction, page: 1 })).rows,
        ...(await list({ sort: "bpm", direction, page: 2 })).rows,
        ...rows,
      ];
      const bpms = all.map((row) => row.bpm);
      const known = bpms.filter((bpm) => bpm !== null) as number[];
      assert.deepEqual(known, [...known].sort((a, b) => (direction === "asc" ? a - b : b - a)));
      assert.ok(bpms.slice(known.length).every((bpm) => bpm === null), "nulls last");
    }
  });

  it("searches text in title, artist and genre, treating % and _ literally", async () => {
    const byArtist = await list({ text: "artist 13" });
    assert.ok(byArtist.total > 0);
    assert.ok(byArtist.rows.every((row) => row.artist === "Artist 13"));
    assert.equal((await list({ text: "%" })).total, 0);
    assert.equal(
      (await list({ text: "drum & bass" })).total,
      tracks.filter((x) => x.genre === "Drum & Bass").length,
    );
  });

  it("filters by BPM range, key and genre", async () => {
    const range = await list({ bpmMin: 120, bpmMax: 126 });
    const expected = tracks.filter((x) => x.analysed && x.bpm! >= 120 && x.bpm! <= 126).length;
    assert.equal(range.total, expected);
    assert.ok(range.rows.every((row) => row.bpm! >= 120 && row.bpm! <= 126));
    const key = await list({ key: "8a" });
    assert.equal(key.total, tracks.filter((x) => x.analysed && x.keyCamelot === "8A").length);
    const genre = await list({ genre: "techno" });
    assert.equal(genre.total, tracks.filter((x) => x.genre === "Techno").length);
    assert.deepEqual(await libraryGenres(t.deps.db, userId), [
      "Deep House",
      "Disco",
      "Drum & Bass",
      "Tech House",
      "Techno",
      "Trance",
    ]);
  });

  it("finds the tracks in keys compatible with a chosen track (Camelot neighbours)", async () => {
    const chosen = tracks.find((x) => x.analysed && x.keyCamelot === "12B")!;
    const page = await list({ compatibleWith: chosen.id, pageSize: 200 });
    assert.deepEqual(page.compatibleKeys, camelotNeighbours("12B"));
    const expected = tracks.filter((x) => x.analysed && camelotNeighbours("12B").includes(x.keyCamelot!));
    assert.equal(page.total, expected.length);
    assert.ok(page.rows.every((row) => ["12B", "11B", "1B", "12A"].includes(row.keyCamelot!)));
  });

  it("refuses another user's track as the compatible-key reference", async () => {
    await assert.rejects(list({ compatibleWith: "other000001" }), UnknownTrackError);
    await assert.rejects(list({ compatibleWith: "nope" }), UnknownTrackError);
  });

  it("shows queued for tracks without analysis", async () => {
    const unanalysed = tracks.find((x) => !x.analysed)!;
    const page = await list({ text: unanalysed.title });
    const row = page.rows.find((r) => r.id === unanalysed.id)!;
    assert.deepEqual(row.status, { state: "queued" });
    const analysed = (await list({ text: tracks[1].title })).rows.find((r) => r.id === tracks[1].id)!;
    assert.deepEqual(analysed.status, { state: "ready" });
  });
});
