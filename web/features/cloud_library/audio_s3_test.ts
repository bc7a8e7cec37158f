import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { users } from "../../db/schema/users.ts";
import { s3Storage } from "../../storage/s3_storage.ts";
import { startS3Server, type TestS3Server } from "../../testing/s3_server.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";

describe("track audio from S3 (s3rver)", () => {
  let s3: TestS3Server;
  let t: TestApp;
  let ana: TestBrowser;
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 13) % 256);

  before(async () => {
    s3 = await startS3Server();
    t = await createTestApp();
    t.deps.storage = s3Storage(s3.settings);
    ana = t.browser();
    await ana.signUp(t, { email: "ana@example.com" });
    const [{ id }] = await t.deps.db.select({ id: users.id }).from(users);
    await insertSeedTracks(t.deps.db, id, seedTracks(1, "s3"));
    await t.deps.storage.put(`cloud/${id}/s3000000`, bytes);
  });
  after(async () => {
    await t.close();
    await s3.stop();
  });

  it("answers byte ranges with the stored object's bytes", async () => {
    const part = await ana.get("/cloud/tracks/s3000000/audio", { range: "bytes=65536-70000" });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 65536-70000/100000");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(65536, 70001));
    const whole = await ana.get("/cloud/tracks/s3000000/audio");
    assert.deepEqual(new Uint8Array(await whole.arrayBuffer()), bytes);
  });
});
