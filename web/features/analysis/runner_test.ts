import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { systemClock } from "../../clock.ts";
import { type Db, migrateDb, openDb } from "../../db/client.ts";
import { fsStorage } from "../../storage/fs_storage.ts";
import { settleNativeDatabase } from "../../testing/native_database.ts";
import { synthTrack } from "../../../shared/analysis/testing/synth.ts";
import { writeTrack } from "../../../shared/analysis/testing/files.ts";
import { analysisOf, analysisStatus, enqueueTrackAnalysis, startAnalysisWorker } from "./mod.ts";
import { leaseNextJob } from "./queue.ts";
import { insertTrack, insertUser } from "./testing/tracks.ts";

async function until(check: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("analysis worker", () => {
  let dir: string;
  let db: Db;
  const storage = () => fsStorage(join(dir, "files"));
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "analysis-runner-"));
    db = await openDb(`file:${join(dir, "w.db")}`);
    await migrateDb(db);
    await insertUser(db, "dj");
    const wav = writeTrack(
      synthTrack({ bpm: 128, key: { tonic: 5, mode: "minor" }, seconds: 10 }),
      join(dir, "song"),
      "wav",
    );
    await storage().put("cloud/dj/song", new Uint8Array(readFileSync(wav)));
    await storage().put(
      "cloud/dj/png",
      Uint8Array.from(atob("iVBORw0KGgoAAAANSUhEUgAAAAEAAAAB"), (c) => c.charCodeAt(0)),
    );
  });
  after(async () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });

  it("analyses queued tracks in Workers, fails bad files with a reason and retries a crashed worker's job", async () => {
    await enqueueTrackAnalysis(db, await insertTrack(db, "dj", "song"));
    await enqueueTrackAnalysis(db, await insertTrack(db, "dj", "png"));
    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "dj", "gone")), maxAttempts: 2 });
    await enqueueTrackAnalysis(db, await insertTrack(db, "dj", "orphan", "cloud/dj/song"));
    // A worker that leased "orphan" and died: its lease runs out in 300 ms.
    await leaseNextJob(db, "crashed", 300);
    const worker = startAnalysisWorker({
      db,
      storage: storage(),
      clock: systemClock,
      concurrency: 2,
      pollMs: 50,
      retryDelayMs: 50,
    });
    try {
      const settled = async (id: string) => ["done", "failed"].includes((await analysisStatus(db, id)).state);
      await until(async () =>
        (await Promise.all(["song", "png", "gone", "orphan"].map(settled))).every(Boolean)
      );
    } finally {
      await worker.stop();
    }
    const song = await analysisOf(db, "song");
    assert.ok(Math.abs(song!.bpm! - 128) < 0.5, `bpm ${song?.bpm}`);
    assert.equal(song!.keyName, "Fm");
    assert.equal(song!.keyCamelot, "4A");
    assert.deepEqual(await analysisStatus(db, "orphan"), { state: "done" });
    const png = await analysisStatus(db, "png");
    assert.equal(png.state, "failed");
    assert.match((png as { reason: string }).reason, /not a playable audio file/);
    assert.deepEqual(await analysisStatus(db, "gone"), {
      state: "failed",
      reason: "the audio file is missing from storage",
    });
  });
});
