import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { s3Storage } from "../../storage/s3_storage.ts";
import { startS3Server, type TestS3Server } from "../../testing/s3_server.ts";
import { checkPresignedUrl } from "../../testing/sigv4_query.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { TrackDownloadSchema } from "../../../shared/cloud/device_cloud.ts";
import { ensureControllerApp } from "../device_api/mod.ts";
import { addLibraryTrack, cloudOwner } from "./testing/support.ts";

describe("device cloud downloads from S3 (s3rver)", () => {
  let s3: TestS3Server;
  let t: TestApp;
  let owner: Awaited<ReturnType<typeof cloudOwner>>;
  const bytes = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 13 + 5) % 256);

  before(async () => {
    s3 = await startS3Server();
    t = await createTestApp();
    t.deps.storage = s3Storage(s3.settings);
    await ensureControllerApp(t.deps.db, t.clock.now());
    owner = await cloudOwner(t);
    await addLibraryTrack(t, owner.user.id, { id: "s3track", title: "From the bucket", bytes });
  });
  after(async () => {
    await t.close();
    await s3.stop();
  });

  async function downloadAnswer() {
    const res = await owner.controller.call("/api/device/cloud/tracks/s3track/download");
    assert.equal(res.status, 200, await res.clone().text());
    return TrackDownloadSchema.parse(await res.json());
  }

  it("answers a URL presigned for one hour that the object store serves, ranges included", async () => {
    const answer = await downloadAnswer();
    const url = new URL(answer.url);
    assert.equal(url.origin, s3.settings.endpoint);
    assert.equal(url.searchParams.get("X-Amz-Expires"), "3600");
    assert.equal(Date.parse(answer.expiresAt) - t.clock.now().getTime() <= 3600_000, true);
    const whole = await fetch(answer.url);
    assert.equal(whole.status, 200);
    const body = new Uint8Array(await whole.arrayBuffer());
    assert.equal(createHash("sha256").update(body).digest("hex"), answer.sha256);
    assert.equal(answer.sizeBytes, bytes.byteLength);
    const part = await fetch(answer.url, { headers: { range: "bytes=150000-" } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get("content-range"), "bytes 150000-199999/200000");
    assert.deepEqual(new Uint8Array(await part.arrayBuffer()), bytes.slice(150000));
  });

  it("signs the URL so that any change to it breaks the signature", async () => {
    const url = new URL((await downloadAnswer()).url);
    const now = t.clock.now();
    assert.deepEqual(checkPresignedUrl(url.toString(), s3.settings, now), { ok: true });
    const tampered = [
      (u: URL) => u.searchParams.set("X-Amz-Expires", "604800"),
      (u: URL) => (u.pathname = `${u.pathname}-other`),
      (u: URL) => {
        const date = u.searchParams.get("X-Amz-Date")!;
        u.searchParams.set("X-Amz-Date", `${date.slice(0, -3)}${date.endsWith("00Z") ? "01Z" : "00Z"}`);
      },
      (u: URL) => u.searchParams.set("X-Amz-Signature", "0".repeat(64)),
    ];
    for (const change of tampered) {
      const changed = new URL(url);
      change(changed);
      assert.deepEqual(checkPresignedUrl(changed.toString(), s3.settings, now), {
        ok: false,
        reason: "signature does not match",
      });
    }
    const wrongSecret = { ...s3.settings, secretAccessKey: "another secret" };
    assert.equal(checkPresignedUrl(url.toString(), wrongSecret, now).ok, false);
    assert.deepEqual(checkPresignedUrl(url.toString(), s3.settings, new Date(now.getTime() + 3600_000)), {
      ok: false,
      reason: "expired",
    });
  });

  it("has the object store refuse an expired URL with 403", async () => {
    // A URL signed two hours ago, valid for one: the store's own clock finds it expired.
    t.clock.advance(-2 * 3600_000);
    try {
      const stale = await fetch((await downloadAnswer()).url);
      assert.equal(stale.status, 403);
      assert.match(await stale.text(), /expired/i);
    } finally {
      t.clock.advance(2 * 3600_000);
    }
  });
});
