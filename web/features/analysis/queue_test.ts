import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eq } from "drizzle-orm";
import { type Db, migrateDb, openDb } from "../../db/client.ts";
import { analysisJobs } from "../../db/schema/analysis.ts";
import { cloudTracks } from "../../db/schema/cloud.ts";
import { settleNativeDatabase } from "../../testing/native_database.ts";
import type { TrackAnalysis } from "../../../shared/analysis/mod.ts";
import { setSkipsQueue } from "./priority.ts";
import {
  analysisOf,
  analysisStatus,
  completeJob,
  enqueueTrackAnalysis,
  failAttempt,
  leaseNextJob,
  reportProgress,
} from "./queue.ts";
import { insertTrack, insertUser } from "./testing/tracks.ts";

const t0 = new Date("2026-03-01T10:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

const analysis: TrackAnalysis = {
  format: "wav",
  durationSeconds: 200,
  sampleRate: 44100,
  channels: 2,
  tags: {
    title: "T",
    artist: "A",
    album: "B",
    genre: "House",
    year: 2020,
    artwork: { type: "image/png", data: new Uint8Array([1, 2]) },
    durationSeconds: 200,
  },
  waveform: { pointsPerSecond: 20, peaks: [0, 0.5, 1] },
  bpm: 124,
  bpmConfidence: 0.8,
  firstBeatSeconds: 0.12,
  key: { tonic: 9, mode: "minor", name: "Am", camelot: "8A", confidence: 0.6 },
  loudnessLufs: -9.5,
  energy: 7,
};

describe("analysis queue", () => {
  let dir: string;
  let url: string;
  let db: Db;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "analysis-queue-"));
    url = `file:${join(dir, "q.db")}`;
    db = await openDb(url);
    await migrateDb(db);
    for (const user of ["ann", "bob", "pro"]) await insertUser(db, user);
  });
  after(async () => {
    db.$client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });
  const reset = () => db.delete(cloudTracks);

  it("leases first come, first served, with queue-skipping users first, and shows positions", async () => {
    await reset();
    await setSkipsQueue(db, "pro", true, t0);
    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "ann", "a1")), now: at(0) });
    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "bob", "b1")), now: at(1) });
    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "pro", "p1")), now: at(2) });
    assert.deepEqual(await analysisStatus(db, "p1"), { state: "queued", position: 1 });
    assert.deepEqual(await analysisStatus(db, "a1"), { state: "queued", position: 2 });
    assert.deepEqual(await analysisStatus(db, "b1"), { state: "queued", position: 3 });
    assert.deepEqual(await analysisStatus(db, "nothing"), { state: "none" });
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await leaseNextJob(db, "w", 60_000, at(10)))?.trackId);
    assert.deepEqual(order, ["p1", "a1", "b1"]);
    assert.equal(await leaseNextJob(db, "w", 60_000, at(10)), null);
    assert.deepEqual(await analysisStatus(db, "a1"), { state: "running", progress: 0 });
    await setSkipsQueue(db, "pro", false, t0);
  });

  it("survives a restart: a reopened database still holds the queue", async () => {
    await reset();
    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "ann", "durable")), now: at(0) });
    const reopened = await openDb(url);
    try {
      assert.equal((await leaseNextJob(reopened, "w2", 60_000, at(5)))?.trackId, "durable");
    } finally {
      reopened.$client.close();
    }
  });

  it("gives a crashed worker's job to another worker once the lease runs out, and fails it after N leases", async () => {
    await reset();
    await enqueueTrackAnalysis(db, {
      ...(await insertTrack(db, "ann", "crash")),
      maxAttempts: 2,
      now: at(0),
    });
    assert.equal((await leaseNextJob(db, "dead", 1_000, at(0)))?.attempts, 1);
    assert.equal(await leaseNextJob(db, "other", 1_000, at(500)), null, "the lease still holds");
    assert.ok(await reportProgress(db, "crash", "dead", 0.5, 1_000, at(800)), "progress extends the lease");
    assert.equal(await leaseNextJob(db, "other", 1_000, at(1_500)), null);
    const retried = await leaseNextJob(db, "other", 1_000, at(2_000));
    assert.equal(retried?.attempts, 2);
    assert.equal(
      await reportProgress(db, "crash", "dead", 0.9, 1_000, at(2_000)),
      false,
      "the old owner lost it",
    );
    assert.equal(await completeJob(db, "crash", "dead", analysis, at(2_000)), false);
    assert.equal(await analysisOf(db, "crash"), null);
    assert.equal(await leaseNextJob(db, "third", 1_000, at(5_000)), null);
    const status = await analysisStatus(db, "crash");
    assert.equal(status.state, "failed");
    assert.match((status as { reason: string }).reason, /did not finish in time 2 times/);
  });

  it("retries a failed attempt after a delay and fails at once when the file is not audio", async () => {
    await reset();
    await enqueueTrackAnalysis(db, {
      ...(await insertTrack(db, "ann", "flaky")),
      maxAttempts: 2,
      now: at(0),
    });
    await leaseNextJob(db, "w", 60_000, at(0));
    await failAttempt(db, "flaky", "w", "storage timed out", false, at(100), 1_000);
    assert.deepEqual(await analysisStatus(db, "flaky"), { state: "queued", position: 1 });
    assert.equal(await leaseNextJob(db, "w", 60_000, at(500)), null, "waits for the retry delay");
    assert.equal((await leaseNextJob(db, "w", 60_000, at(1_200)))?.attempts, 2);
    await failAttempt(db, "flaky", "w", "storage timed out again", false, at(1_300), 1_000);
    assert.deepEqual(await analysisStatus(db, "flaky"), {
      state: "failed",
      reason: "storage timed out again",
    });

    await enqueueTrackAnalysis(db, { ...(await insertTrack(db, "ann", "png")), now: at(2_000) });
    await leaseNextJob(db, "w", 60_000, at(2_000));
    await failAttempt(db, "png", "w", "not a playable audio file: unsupported file format", true, at(2_100));
    assert.deepEqual(await analysisStatus(db, "png"), {
      state: "failed",
      reason: "not a playable audio file: unsupported file format",
    });
  });

  it("stores results with the lease, fills missing tags, re-queues on request and goes with the track", async () => {
    await reset();
    const track = await insertTrack(db, "ann", "song");
    await db.update(cloudTracks).set({ genre: "Techno" }).where(eq(cloudTracks.id, "song"));
    await enqueueTrackAnalysis(db, { ...track, now: at(0) });
    await leaseNextJob(db, "w", 60_000, at(0));
    await enqueueTrackAnalysis(db, { ...track, now: at(1) });
    assert.equal(
      (await analysisStatus(db, "song")).state,
      "running",
      "queuing a running job changes nothing",
    );
    assert.ok(await completeJob(db, "song", "w", analysis, at(10)));
    assert.deepEqual(await analysisStatus(db, "song"), { state: "done" });
    const stored = await analysisOf(db, "song");
    assert.equal(stored?.bpm, 124);
    assert.equal(stored?.keyCamelot, "8A");
    assert.equal(stored?.keyName, "Am");
    assert.deepEqual(stored?.waveform, analysis.waveform);
    assert.deepEqual(stored?.artwork, new Uint8Array([1, 2]));
    const [row] = await db.select().from(cloudTracks).where(eq(cloudTracks.id, "song"));
    assert.deepEqual([row.artist, row.album, row.genre, row.year], ["A", "B", "Techno", 2020]);
    await enqueueTrackAnalysis(db, { ...track, now: at(20) });
    assert.deepEqual(await analysisStatus(db, "song"), { state: "queued", position: 1 });
    await db.delete(cloudTracks).where(eq(cloudTracks.id, "song"));
    assert.equal(await analysisOf(db, "song"), null);
    assert.equal((await db.select().from(analysisJobs)).length, 0);
  });
});
