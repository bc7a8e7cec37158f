import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Db, migrateDb, openDb } from "../../db/client.ts";
import { verifySignedUrl } from "../../http/signed_url.ts";
import { settleNativeDatabase } from "../../testing/native_database.ts";
import { startS3Server, type TestS3Server } from "../../testing/s3_server.ts";
import { fsStorage } from "../../storage/fs_storage.ts";
import { s3Storage } from "../../storage/s3_storage.ts";
import { ARTIFACT_URL_PURPOSE, ARTIFACT_URL_TTL_SEC, artifactUrl } from "./artifact_url.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

describe("artifact URLs", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-artifact-url-"));
  let s3: TestS3Server;
  let db: Db;
  before(async () => {
    s3 = await startS3Server();
    db = await openDb(`file:${join(dir, "test.db")}`);
    await migrateDb(db);
  });
  after(async () => {
    await s3.stop();
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });
  // What the URL's signature covers is tested with the mechanism, in web/http/signed_url_test.ts.
  const artifactUrlValid = async (
    releaseId: string,
    query: { expires: string; signature: string },
    at = NOW,
  ) => (await verifySignedUrl(db, ARTIFACT_URL_PURPOSE, { releaseId }, query, at)).ok;

  it("signs a portal URL for filesystem storage that holds for an hour, for that release only", async () => {
    const input = {
      releaseId: "r1",
      artifactKey: "firmware/r1/mixera-controller",
      publicUrl: "https://mixera.example",
      db,
      storage: fsStorage(dir),
      now: NOW,
    };
    const url = new URL(await artifactUrl(input));
    assert.equal(url.origin + url.pathname, "https://mixera.example/api/device/firmware/artifacts/r1");
    const query = {
      expires: url.searchParams.get("expires")!,
      signature: url.searchParams.get("signature")!,
    };
    assert.equal(Number(query.expires), NOW.getTime() / 1000 + ARTIFACT_URL_TTL_SEC);
    assert.equal(await artifactUrlValid("r1", query), true);
    assert.equal(await artifactUrlValid("r2", query), false);
    const late = new Date(NOW.getTime() + ARTIFACT_URL_TTL_SEC * 1000);
    assert.equal(await artifactUrlValid("r1", query, late), false);
  });

  it("hands out a presigned S3 URL when the storage can sign one", async () => {
    const storage = s3Storage(s3.settings);
    await storage.put("firmware/r3/mixera-controller", new Uint8Array([1, 2, 3, 4]));
    const url = await artifactUrl({
      releaseId: "r3",
      artifactKey: "firmware/r3/mixera-controller",
      publicUrl: "https://mixera.example",
      db,
      storage,
      // s3rver checks the expiry against its own clock, so this URL is signed now.
      now: new Date(),
    });
    assert.ok(url.startsWith(s3.settings.endpoint), url);
    assert.equal(new URL(url).searchParams.get("X-Amz-Expires"), String(ARTIFACT_URL_TTL_SEC));
    const response = await fetch(url, { headers: { range: "bytes=2-" } });
    assert.equal(response.status, 206);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array([3, 4]));
  });
});
