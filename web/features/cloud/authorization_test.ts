import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { makeAudioFiles } from "./testing/audio_files.ts";
import { createTusUpload, type Fetcher, patchTus, tusUpload } from "./testing/tus_client.ts";

const TUS = { "Tus-Resumable": "1.0.0", "sec-fetch-site": "same-origin" };

describe("cloud library authorization matrix", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let bo: TestBrowser;
  let trackId: string;
  let uploadPath: string;

  before(async () => {
    t = await createTestApp();
    ana = t.browser();
    bo = t.browser("192.0.2.2");
    await ana.signUp(t, { email: "ana@example.com" });
    await bo.signUp(t, { email: "bo@example.com" });
    await t.deps.db.update(users).set({ emailVerifiedAt: new Date() });
    const anaFetch: Fetcher = (path, init) => ana.request(path, init);
    const response = await tusUpload(anaFetch, makeAudioFiles(1).wav, "Mine.wav");
    trackId = response.headers.get("mixera-track-id")!;
    const created = await createTusUpload(anaFetch, 5000, "Half.wav");
    assert.ok("location" in created);
    uploadPath = created.location;
  });
  after(() => t.close());

  it("answers 404 to another user for every route that takes a track or upload id", async () => {
    const boFetch: Fetcher = (path, init) => bo.request(path, init);
    const attempts: [string, Promise<Response>][] = [
      ["delete track", bo.post(`/cloud/tracks/${trackId}/delete`, {})],
      ["delete track (htmx)", bo.post(`/cloud/tracks/${trackId}/delete`, {}, { "hx-request": "true" })],
      ["compatible filter (page)", bo.get(`/cloud?compatible=${trackId}`)],
      [
        "compatible filter (fragment)",
        bo.get(`/cloud/tracks?compatible=${trackId}`, { "hx-request": "true" }),
      ],
      ["upload HEAD", bo.request(uploadPath, { method: "HEAD", headers: TUS })],
      ["upload PATCH", patchTus(boFetch, uploadPath, 0, new Uint8Array(10))],
      ["upload DELETE", bo.request(uploadPath, { method: "DELETE", headers: TUS })],
    ];
    for (const [name, attempt] of attempts) assert.equal((await attempt).status, 404, name);
    const [track] = await t.deps.db.select().from(cloudTracks).where(eq(cloudTracks.id, trackId));
    assert.ok(track, "the track is still there");
    assert.equal(
      (await ana.request(uploadPath, { method: "HEAD", headers: TUS })).headers.get("upload-offset"),
      "0",
    );
    assert.doesNotMatch(await (await bo.get("/cloud")).text(), /Mine/);
  });

  it("answers the same to the owner for made-up ids", async () => {
    assert.equal((await ana.post("/cloud/tracks/not-a-track/delete", {})).status, 404);
    assert.equal((await ana.get("/cloud?compatible=not-a-track")).status, 404);
    assert.equal(
      (await ana.request("/api/cloud/uploads/not-an-upload", { method: "HEAD", headers: TUS })).status,
      404,
    );
  });

  it("refuses out-of-range filters with 400", async () => {
    for (
      const query of ["bpmMin=-1", "bpmMax=1000", "key=13A", "sort=secret", "page=0", "compatible=%27%3B"]
    ) {
      assert.equal((await ana.get(`/cloud?${query}`)).status, 400, query);
    }
    assert.equal((await ana.get("/cloud?bpmMin=&key=")).status, 200);
  });

  it("sends signed-out visitors to sign in", async () => {
    const response = await t.browser().get("/cloud");
    assert.equal(response.status, 303);
    assert.match(response.headers.get("location")!, /^\/signin/);
  });
});
