import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { cloudTracks, cloudUploads } from "../../db/schema/cloud.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { analysisStatus } from "../analysis/mod.ts";
import { setCloudQuota, storageUsage } from "./quota.ts";
import { corrupt, flacBomb, makeAudioFiles, PNG_BYTES, retagMp3, wavBomb } from "./testing/audio_files.ts";
import { createTusUpload, type Fetcher, headTus, patchTus, tusUpload } from "./testing/tus_client.ts";
import { MAX_UPLOAD_BYTES, removeExpiredUploads } from "./uploads.ts";

async function verifiedUser(t: TestApp, email: string): Promise<TestBrowser> {
  const browser = t.browser();
  await browser.signUp(t, { email });
  await t.deps.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.email, email));
  return browser;
}

function fetcherOf(browser: TestBrowser): Fetcher {
  return (path, init) => browser.request(path, init);
}

async function userIdOf(t: TestApp, email: string) {
  const [row] = await t.deps.db.select({ id: users.id }).from(users).where(eq(users.email, email));
  return row.id;
}

/** Every file under the storage root (tracks and partial uploads). */
function storedFiles(t: TestApp): string[] {
  const root = join(t.dir, "files");
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((
    entry,
  ) => join(entry.parentPath, entry.name));
}

/** A body that delivers `bytes` and then breaks like a dropped connection. */
function droppedBody(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) return controller.error(new Error("connection reset"));
      sent = true;
      controller.enqueue(bytes);
    },
  });
}

describe("cloud uploads (tus)", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let anaId: string;
  const files = makeAudioFiles(3);

  before(async () => {
    t = await createTestApp();
    ana = await verifiedUser(t, "ana@example.com");
    anaId = await userIdOf(t, "ana@example.com");
  });
  after(() => t.close());

  it("advertises tus 1.0 with creation, termination, expiration and the 100 MB limit", async () => {
    const response = await ana.request("/api/cloud/uploads", { method: "OPTIONS" });
    assert.equal(response.status, 204);
    assert.equal(response.headers.get("tus-version"), "1.0.0");
    assert.equal(response.headers.get("tus-extension"), "creation,termination,expiration");
    assert.equal(response.headers.get("tus-max-size"), String(MAX_UPLOAD_BYTES));
    const noVersion = await ana.request("/api/cloud/uploads", {
      method: "POST",
      headers: { "sec-fetch-site": "same-origin", "Upload-Length": "10" },
    });
    assert.equal(noVersion.status, 412);
  });

  it("stores the four formats, detected by content, and queues their analysis", async () => {
    for (
      const [format, name] of [["wav", "Deep One.wav"], ["aiff", "Warm Up.aiff"], ["mp3", "Peak Time.mp3"], [
        "flac",
        "Closing.flac",
      ]] as const
    ) {
      const response = await tusUpload(fetcherOf(ana), files[format], name, 100_000);
      assert.equal(response.status, 204, `${format}: ${await response.text()}`);
      const trackId = response.headers.get("mixera-track-id")!;
      const [track] = await t.deps.db.select().from(cloudTracks).where(eq(cloudTracks.id, trackId));
      assert.equal(track.format, format);
      assert.equal(track.sizeBytes, files[format].length);
      assert.equal(track.title, name.replace(/\.\w+$/, ""));
      assert.equal((await analysisStatus(t.deps.db, trackId)).state, "queued");
    }
    assert.match(await (await ana.get("/cloud")).text(), /queued · 4 in line/);
    const page = await (await ana.get("/cloud")).text();
    for (const title of ["Deep One", "Warm Up", "Peak Time", "Closing"]) {
      assert.match(page, new RegExp(title));
    }
    assert.match(page, /4 tracks/);
    assert.match(page, /queued/);
    assert.equal((await storageUsage(t.deps.db, anaId)).reservedBytes, 0);
  });

  it("resumes after a dropped connection from the bytes that arrived", async () => {
    const bytes = makeAudioFiles(3, 11).wav;
    const created = await createTusUpload(fetcherOf(ana), bytes.length, "Resumed.wav");
    assert.ok("location" in created);
    const dropped = await patchTus(fetcherOf(ana), created.location, 0, droppedBody(bytes.slice(0, 150_000)))
      .catch(
        () => null,
      );
    assert.ok(dropped === null || dropped.status === 204, `dropped PATCH answered ${dropped?.status}`);
    const head = await headTus(fetcherOf(ana), created.location);
    assert.equal(head.status, 200);
    assert.equal(head.headers.get("upload-offset"), "150000");
    assert.equal(head.headers.get("upload-length"), String(bytes.length));
    const stale = await patchTus(fetcherOf(ana), created.location, 0, bytes.slice(0, 10));
    assert.equal(stale.status, 409);
    assert.equal(stale.headers.get("upload-offset"), "150000");
    const rest = await patchTus(fetcherOf(ana), created.location, 150_000, bytes.slice(150_000));
    assert.equal(rest.status, 204);
    const [track] = await t.deps.db.select().from(cloudTracks).where(
      eq(cloudTracks.id, rest.headers.get("mixera-track-id")!),
    );
    assert.equal(track.title, "Resumed");
    const stored = await t.deps.storage.get(track.storageKey);
    assert.deepEqual(stored, bytes);
  });

  it("links an exact re-upload to the existing track and flags a re-tagged copy", async () => {
    const tagged = retagMp3(files.mp3, "Original");
    const first = await tusUpload(fetcherOf(ana), tagged, "Tagged.mp3");
    const firstId = first.headers.get("mixera-track-id")!;
    const before = await storageUsage(t.deps.db, anaId);
    const again = await tusUpload(fetcherOf(ana), tagged, "Tagged copy.mp3");
    assert.equal(again.status, 204);
    assert.equal(again.headers.get("mixera-duplicate-of"), firstId);
    assert.deepEqual(await storageUsage(t.deps.db, anaId), before);
    const retagged = await tusUpload(
      fetcherOf(ana),
      retagMp3(files.mp3, "Other Title (Remaster)"),
      "Retagged.mp3",
    );
    assert.equal(retagged.status, 204);
    assert.notEqual(retagged.headers.get("mixera-track-id"), firstId);
    // The lame file itself has no tags and the same audio too: the first of them is the match.
    assert.ok(retagged.headers.get("mixera-likely-duplicate-of"));
    assert.match(await (await ana.get("/cloud?q=Retagged")).text(), /likely duplicate/);
  });

  it("stores one track when the same file is uploaded twice at the same time", async () => {
    const bytes = makeAudioFiles(1, 31).aiff;
    const [a, b] = await Promise.all([
      tusUpload(fetcherOf(ana), bytes, "Twin A.aiff"),
      tusUpload(fetcherOf(ana), bytes, "Twin B.aiff"),
    ]);
    assert.deepEqual([a.status, b.status], [204, 204]);
    assert.equal(a.headers.get("mixera-track-id"), b.headers.get("mixera-track-id"));
    assert.equal([a, b].filter((r) => r.headers.get("mixera-duplicate-of")).length, 1);
  });

  it("refuses bad input with a clear message, storing nothing and leaving the quota as it was", async () => {
    const before = await storageUsage(t.deps.db, anaId);
    const filesBefore = storedFiles(t).length;
    const [{ count: tracksBefore }] = await t.deps.db.$client.execute(
      "SELECT count(*) AS count FROM cloud_tracks",
    )
      .then((r) => r.rows as unknown as { count: number }[]);
    const cases: [string, Uint8Array, number, RegExp][] = [
      ["picture.mp3", PNG_BYTES, 422, /not an audio file/],
      ["truncated.wav", files.wav.slice(0, files.wav.length / 2), 422, /truncated/],
      ["truncated.mp3", files.mp3.slice(0, files.mp3.length - 77), 422, /truncated/],
      ["truncated.flac", files.flac.slice(0, Math.floor(files.flac.length * 0.6)), 422, /truncated/],
      ["corrupt.flac", corrupt(files.flac, 42), 422, /FLAC/],
      ["bomb.wav", wavBomb(), 422, /truncated/],
      ["bomb.flac", flacBomb(files.flac), 422, /hours of audio/],
    ];
    for (const [name, bytes, status, message] of cases) {
      const response = await tusUpload(fetcherOf(ana), bytes, name);
      assert.equal(response.status, status, name);
      assert.match(await response.text(), message, name);
    }
    const empty = await createTusUpload(fetcherOf(ana), 0, "empty.mp3");
    assert.ok("refused" in empty);
    assert.equal(empty.refused.status, 400);
    assert.match(await empty.refused.text(), /empty/);
    const huge = await createTusUpload(fetcherOf(ana), MAX_UPLOAD_BYTES + 1, "huge.wav");
    assert.ok("refused" in huge);
    assert.equal(huge.refused.status, 413);
    assert.match(await huge.refused.text(), /larger than 100\.0 MB/);
    assert.deepEqual(await storageUsage(t.deps.db, anaId), before);
    assert.equal(storedFiles(t).length, filesBefore);
    const [{ count: tracksAfter }] = await t.deps.db.$client.execute(
      "SELECT count(*) AS count FROM cloud_tracks",
    )
      .then((r) => r.rows as unknown as { count: number }[]);
    assert.equal(tracksAfter, tracksBefore);
    assert.equal((await t.deps.db.select().from(cloudUploads)).length, 0);
  });

  it("cancels an upload whose PATCH body is longer than announced, keeping nothing", async () => {
    const before = await storageUsage(t.deps.db, anaId);
    const created = await createTusUpload(fetcherOf(ana), 1000, "short.wav");
    assert.ok("location" in created);
    const response = await patchTus(fetcherOf(ana), created.location, 0, files.wav.slice(0, 2000));
    assert.equal(response.status, 413);
    assert.equal((await headTus(fetcherOf(ana), created.location)).status, 404);
    assert.deepEqual(await storageUsage(t.deps.db, anaId), before);
  });

  it("terminates an upload on DELETE", async () => {
    const created = await createTusUpload(fetcherOf(ana), 1000, "short.wav");
    assert.ok("location" in created);
    assert.equal((await patchTus(fetcherOf(ana), created.location, 0, files.wav.slice(0, 500))).status, 204);
    const terminated = await ana.request(created.location, {
      method: "DELETE",
      headers: { "Tus-Resumable": "1.0.0", "sec-fetch-site": "same-origin" },
    });
    assert.equal(terminated.status, 204);
    assert.equal((await headTus(fetcherOf(ana), created.location)).status, 404);
  });

  it("never lets ten concurrent uploads push an account over its quota", async () => {
    const bo = await verifiedUser(t, "bo@example.com");
    const boId = await userIdOf(t, "bo@example.com");
    const piece = makeAudioFiles(1, 3).wav;
    await setCloudQuota(t.deps.db, boId, piece.length * 4 + 10);
    const attempts = await Promise.all(
      Array.from(
        { length: 10 },
        (_, i) => tusUpload(fetcherOf(bo), i === 0 ? piece : corruptTail(piece, i), `take ${i}.wav`),
      ),
    );
    const statuses = attempts.map((response) => response.status).sort();
    assert.deepEqual(statuses.filter((status) => status === 204).length, 4, String(statuses));
    assert.deepEqual(statuses.filter((status) => status === 413).length, 6, String(statuses));
    const usage = await storageUsage(t.deps.db, boId);
    assert.ok(usage.usedBytes + usage.reservedBytes <= usage.quotaBytes);
    assert.equal(usage.usedBytes, piece.length * 4);
  });

  it("frees a deleted track's bytes at once and removes its file", async () => {
    const response = await tusUpload(fetcherOf(ana), makeAudioFiles(1, 21).flac, "Short Lived.flac");
    const trackId = response.headers.get("mixera-track-id")!;
    const [track] = await t.deps.db.select().from(cloudTracks).where(eq(cloudTracks.id, trackId));
    const before = await storageUsage(t.deps.db, anaId);
    const deleted = await ana.post(`/cloud/tracks/${trackId}/delete`, {}, { "hx-request": "true" });
    assert.equal(deleted.status, 200);
    assert.match(await deleted.text(), /id="storage-bar"/);
    const after = await storageUsage(t.deps.db, anaId);
    assert.equal(after.usedBytes, before.usedBytes - track.sizeBytes);
    assert.equal(await t.deps.storage.get(track.storageKey), null);
    assert.equal((await ana.post(`/cloud/tracks/${trackId}/delete`, {})).status, 404);
  });

  it("expires abandoned uploads: partial bytes and the reservation go", async () => {
    const created = await createTusUpload(fetcherOf(ana), files.wav.length, "Abandoned.wav");
    assert.ok("location" in created);
    await patchTus(fetcherOf(ana), created.location, 0, files.wav.slice(0, 5000));
    const reserved = (await storageUsage(t.deps.db, anaId)).reservedBytes;
    assert.equal(reserved, files.wav.length);
    const filesDuring = storedFiles(t).length;
    assert.equal(await removeExpiredUploads(t.deps), 0);
    t.clock.advance(25 * 60 * 60 * 1000);
    assert.equal((await headTus(fetcherOf(ana), created.location)).status, 404);
    assert.equal(await removeExpiredUploads(t.deps), 1);
    assert.equal((await storageUsage(t.deps.db, anaId)).reservedBytes, 0);
    assert.equal(storedFiles(t).length, filesDuring - 1);
  });

  it("keeps uploads to verified accounts", async () => {
    const cy = t.browser();
    await cy.signUpUnverified(t, { email: "cy@example.com" });
    const created = await createTusUpload(fetcherOf(cy), 100, "x.mp3");
    assert.ok("refused" in created);
    assert.equal(created.refused.status, 403);
    const page = await (await cy.get("/cloud")).text();
    assert.match(page, /Uploads open once your email address is verified/);
    assert.doesNotMatch(page, /data-upload-zone/);
    const signedOut = await t.browser().request("/api/cloud/uploads", {
      method: "POST",
      headers: { "Tus-Resumable": "1.0.0", "Upload-Length": "10", "sec-fetch-site": "same-origin" },
    });
    assert.equal(signedOut.status, 401);
  });
});

/** A valid WAV with different samples at the end, so each concurrent upload is a distinct file. */
function corruptTail(wav: Uint8Array, seed: number): Uint8Array {
  const copy = wav.slice();
  copy[copy.length - 1] = seed;
  copy[copy.length - 3] = seed * 7;
  return copy;
}
