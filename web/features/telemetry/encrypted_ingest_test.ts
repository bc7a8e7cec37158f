import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import {
  recentSampleStart,
  sampleBatch,
  sampleEvents,
} from "../../../shared/telemetry/testing/sample_batch.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { listPlays } from "./read.ts";
import { telemetryDevice } from "./testing/telemetry_device.ts";

describe("telemetry on an encrypted database", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ LIBSQL_ENCRYPTION_KEY: "dGVzdC1vbmx5LWtleS00YjFmMGM5ZTJk" });
  });
  after(() => t.close());

  it("ingests and reads telemetry while the file and WAL hold no readable trace of it", async () => {
    const device = await telemetryDevice(t);
    const events = sampleEvents(recentSampleStart(t.clock.now()));
    const title = "Unmistakable Title 9c41";
    const batch = sampleBatch(device.controller.serial, [
      { ...events.track_play, title } as typeof events.track_play,
    ]);
    assert.equal((await device.post(batch, { gzip: true })).status, 200);
    const plays = await listPlays(t.deps.db, device.owner.user.id, { from: new Date(0), to: t.clock.now() });
    assert.deepEqual(plays.map((play) => play.title), [title]);
    const path = t.deps.config.databaseUrl.slice("file:".length);
    for (const file of [path, `${path}-wal`].filter(existsSync)) {
      const bytes = readFileSync(file);
      assert.equal(bytes.includes(title), false, file);
      assert.equal(bytes.includes(device.controller.serial), false, file);
    }
  });
});
