import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startS3Server, type TestS3Server } from "../../testing/s3_server.ts";
import { fsStorage } from "../../storage/fs_storage.ts";
import { s3Storage } from "../../storage/s3_storage.ts";
import { ARTIFACT_URL_TTL_SEC, artifactUrl, artifactUrlValid } from "./artifact_url.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

async function hmacKey(): Promise<CryptoKey> {
  return await crypto.subtle.generateKey({ name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
}

describe("artifact URLs", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-artifact-url-"));
  let s3: TestS3Server;
  before(async () => {
    s3 = await startS3Server();
  });
  after(async () => {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("signs a portal URL for filesystem storage that holds for an hour, for that release only", async () => {
    const urlKey = await hmacKey();
    const input = {
      releaseId: "r1",
      artifactKey: "firmware/r1/mixera-controller",
      publicUrl: "https://mixera.example",
      urlKey,
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
    assert.equal(await artifactUrlValid(urlKey, "r1", query, NOW), true);
    assert.equal(await artifactUrlValid(urlKey, "r2", query, NOW), false);
    assert.equal(await artifactUrlValid(await hmacKey(), "r1", query, NOW), false);
    const late = new Date(NOW.getTime() + ARTIFACT_URL_TTL_SEC * 1000);
    assert.equal(await artifactUrlValid(urlKey, "r1", query, late), false);
    assert.equal(await artifactUrlValid(urlKey, "r1", { ...query, expires: "99999999999" }, NOW), false);
    assert.equal(await artifactUrlValid(urlKey, "r1", { expires: query.expires }, NOW), false);
  });

  it("hands out a presigned S3 URL when the storage can sign one", async () => {
    const storage = s3Storage(s3.settings);
    await storage.put("firmware/r3/mixera-controller", new Uint8Array([1, 2, 3, 4]));
    const url = await artifactUrl({
      releaseId: "r3",
      artifactKey: "firmware/r3/mixera-controller",
      publicUrl: "https://mixera.example",
      urlKey: await hmacKey(),
      storage,
      now: NOW,
    });
    assert.ok(url.startsWith(s3.settings.endpoint), url);
    assert.equal(new URL(url).searchParams.get("X-Amz-Expires"), String(ARTIFACT_URL_TTL_SEC));
    const response = await fetch(url, { headers: { range: "bytes=2-" } });
    assert.equal(response.status, 206);
    assert.deepEqual(new Uint8Array(await response.arrayBuffer()), new Uint8Array([3, 4]));
  });
});
