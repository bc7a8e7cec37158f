import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import {
  recentSampleStart,
  sampleBatch,
  sampleEvents,
} from "../../../shared/telemetry/testing/sample_batch.ts";
import { previewApplications } from "../../db/schema/devices.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { telemetryDevice } from "./testing/telemetry_device.ts";

const TELEMETRY_TABLES = ["telemetry_batches", "dj_sessions", "dj_plays", "dj_transitions", "dj_daily_stats"];

describe("Danger Zone with telemetry", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("exports the DJ's telemetry and deletes all of it with the account, not another DJ's", async () => {
    const browser = t.browser("192.0.2.78");
    await browser.signUp(t, { email: "telemetry-dj@example.com" });
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, "telemetry-dj@example.com"));
    await t.deps.db.insert(previewApplications).values({
      userId: user.id,
      status: "accepted",
      motivation: "m",
      gear: "g",
      createdAt: t.clock.now(),
    });
    const mine = await telemetryDevice(t, { user, browser });
    const someoneElse = await telemetryDevice(t);
    const start = recentSampleStart(t.clock.now());
    for (const device of [mine, someoneElse]) {
      const batch = sampleBatch(device.controller.serial, Object.values(sampleEvents(start)));
      assert.equal((await device.post(batch, { gzip: true })).status, 200);
    }

    const exported = await (await browser.post("/danger-zone/export")).json();
    for (const table of TELEMETRY_TABLES) {
      assert.equal(exported.tables[table]?.length, 1, `export holds the DJ's own ${table} row`);
    }
    assert.equal(exported.tables.dj_plays[0].title, "Night Drive");

    const deleted = await browser.post("/danger-zone/delete", { password: "correct horse battery" });
    assert.equal(deleted.status, 303);
    for (const table of TELEMETRY_TABLES) {
      const { rows } = await t.deps.db.$client.execute(`SELECT COUNT(*) AS n FROM ${table}`);
      assert.equal(Number(rows[0].n), 1, `only the other DJ's ${table} row is left`);
    }
  });
});
