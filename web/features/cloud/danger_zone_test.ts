import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { users } from "../../db/schema/users.ts";
import { s3Storage } from "../../storage/s3_storage.ts";
import type { Storage } from "../../storage/storage.ts";
import { startS3Server, type TestS3Server } from "../../testing/s3_server.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import type { UserExport } from "../danger_zone/mod.ts";
import { makeAudioFiles } from "./testing/audio_files.ts";
import { createTusUpload, type Fetcher, patchTus, tusUpload } from "./testing/tus_client.ts";

/** Ana with two tracks (one too large to inline) and an upload half done; Bo with one track. */
async function libraryOf(t: TestApp) {
  const ana = t.browser();
  const bo = t.browser("192.0.2.2");
  await ana.signUp(t, { email: "ana@example.com" });
  await bo.signUp(t, { email: "bo@example.com" });
  await t.deps.db.update(users).set({ emailVerifiedAt: new Date() });
  const anaFetch: Fetcher = (path, init) => ana.request(path, init);
  const long = makeAudioFiles(8, 2).wav;
  const short = makeAudioFiles(1, 3).mp3;
  const trackIds = [];
  for (const [bytes, name] of [[long, "Long.wav"], [short, "Short.mp3"]] as const) {
    const response = await tusUpload(anaFetch, bytes, name);
    assert.equal(response.status, 204);
    trackIds.push(response.headers.get("mixera-track-id")!);
  }
  const half = await createTusUpload(anaFetch, long.length, "Half.wav");
  assert.ok("location" in half);
  await patchTus(anaFetch, half.location, 0, long.slice(0, 4000));
  const boTrack = await tusUpload(
    (path, init) => bo.request(path, init),
    makeAudioFiles(1, 9).flac,
    "Bo.flac",
  );
  return {
    ana,
    trackIds,
    longSize: long.length,
    shortSize: short.length,
    boTrackId: boTrack.headers.get("mixera-track-id")!,
  };
}

async function checkExportAndDelete(t: TestApp, keysIn: () => Promise<string[]>) {
  const { ana, trackIds, longSize, shortSize, boTrackId } = await libraryOf(t);
  const exported = await ana.post("/danger-zone/export");
  assert.equal(exported.status, 200);
  const doc: UserExport = await exported.json();
  assert.deepEqual(doc.tables.cloud_tracks.map((row) => row.id).sort(), [...trackIds].sort());
  assert.equal(doc.tables.cloud_uploads.length, 1);
  const long = doc.files.find((file) => file.key.endsWith(trackIds[0]))!;
  assert.deepEqual(long, { key: long.key, contentType: "audio/wav", size: longSize }, "listed, not inlined");
  const short = doc.files.find((file) => file.key.endsWith(trackIds[1]))!;
  assert.equal(short.size, shortSize);
  assert.ok(short.base64, "small files are inlined");
  assert.ok(
    (await keysIn()).some((key) => key.includes("cloud-partial/")),
    "the half upload has stored bytes",
  );

  await deleteAccount(ana);
  const left = await keysIn();
  assert.deepEqual(left.filter((key) => !key.includes(boTrackId)), [], "nothing of Ana's is left in storage");
  assert.equal(left.length, 1, "Bo's track stays");
}

async function deleteAccount(browser: TestBrowser) {
  const response = await browser.post("/danger-zone/delete", { password: "correct horse battery" });
  assert.equal(response.status, 303);
}

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1));
}

describe("Danger Zone and the cloud library", () => {
  it("on the filesystem: export lists the library, deletion removes every file", async () => {
    const t = await createTestApp();
    try {
      await checkExportAndDelete(t, () => Promise.resolve(filesUnder(join(t.dir, "files"))));
    } finally {
      await t.close();
    }
  });

  describe("on S3 (s3rver)", () => {
    let s3: TestS3Server;
    before(async () => {
      s3 = await startS3Server();
    });
    after(async () => await s3.stop());

    it("export lists the library, deletion removes every object", async () => {
      const t = await createTestApp();
      const storage: Storage = s3Storage(s3.settings);
      t.deps.storage = storage;
      try {
        await checkExportAndDelete(t, () => s3.listKeys());
      } finally {
        await t.close();
      }
    });
  });
});
