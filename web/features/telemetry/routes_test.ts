import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { gunzipSync, gzipSync } from "node:zlib";
import { eq } from "drizzle-orm";
import { Hono } from "hono";
import {
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_JSON_BYTES,
  TelemetryAckSchema,
  type TelemetryBatch,
} from "../../../shared/telemetry/mod.ts";
import {
  recentSampleStart,
  sampleBatch,
  sampleEvents,
} from "../../../shared/telemetry/testing/sample_batch.ts";
import type { AppEnv } from "../../context.ts";
import { devices } from "../../db/schema/devices.ts";
import {
  djDailyStats,
  djPlays,
  djSessions,
  djTransitions,
  telemetryBatches,
} from "../../db/schema/telemetry.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { statusEndpoints } from "../status/mod.ts";
import { telemetryRoutes } from "./routes.ts";
import { TELEMETRY_BUDGET } from "./device_budget.ts";
import type { TelemetrySink } from "./sink.ts";
import { listSessions, telemetryLastUpdated } from "./read.ts";
import { type TelemetryDevice, telemetryDevice } from "./testing/telemetry_device.ts";

describe("POST /v1/telemetry", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  /** The sample session, starting a few minutes before the portal's current time. */
  const recentBatch = (device: TelemetryDevice, batchId?: string) =>
    sampleBatch(
      device.controller.serial,
      Object.values(sampleEvents(recentSampleStart(t.clock.now()))),
      batchId,
    );

  const storedRows = async (deviceId: string, userId: string) => ({
    batches: await t.deps.db.select().from(telemetryBatches).where(eq(telemetryBatches.deviceId, deviceId)),
    days: await t.deps.db.select().from(djDailyStats).where(eq(djDailyStats.userId, userId)),
    plays: await t.deps.db.select().from(djPlays).where(eq(djPlays.userId, userId)),
    sessions: await t.deps.db.select().from(djSessions).where(eq(djSessions.userId, userId)),
  });

  async function deviceIdOf(device: TelemetryDevice): Promise<string> {
    const [row] = await t.deps.db.select().from(devices).where(eq(devices.serial, device.controller.serial));
    return row.id;
  }

  async function expectNothingStored(device: TelemetryDevice) {
    const rows = await storedRows(await deviceIdOf(device), device.owner.user.id);
    assert.deepEqual([rows.batches.length, rows.days.length, rows.plays.length, rows.sessions.length], [
      0,
      0,
      0,
      0,
    ]);
  }

  async function expectError(response: Response, status: number, error: string, message: RegExp) {
    const text = await response.text();
    assert.equal(response.status, status, text);
    const body = JSON.parse(text);
    assert.equal(body.error, error);
    assert.match(body.message, message);
  }

  it("stores a plain JSON batch and derives session, plays, transition and daily totals", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    const response = await device.post(batch);
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(TelemetryAckSchema.parse(await response.json()), {
      ack: true,
      batchId: batch.batchId,
      accepted: batch.events.length,
      duplicate: false,
    });
    const rows = await storedRows(await deviceIdOf(device), device.owner.user.id);
    assert.equal(rows.batches.length, 1);
    assert.equal(rows.batches[0].bodyEncoding, "identity");
    assert.deepEqual(JSON.parse(new TextDecoder().decode(rows.batches[0].body)), batch);
    assert.equal(rows.sessions.length, 1);
    assert.equal(rows.sessions[0].plays, 1);
    assert.equal(rows.sessions[0].transitions, 1);
    assert.equal(rows.sessions[0].endReason, "idle");
    assert.equal(rows.plays[0].camelotKey, "8A");
    const [transition] = await t.deps.db.select().from(djTransitions)
      .where(eq(djTransitions.userId, device.owner.user.id));
    assert.equal(transition.tempoDeltaPct, 1.6);
    assert.equal(transition.camelotRelation, "adjacent");
    const totals = rows.days.reduce((sum, day) => sum + day.events, 0);
    assert.equal(totals, batch.events.length);
    assert.equal(rows.days.reduce((sum, day) => sum + day.plays, 0), 1);
    assert.equal(rows.days.reduce((sum, day) => sum + day.faderMoves, 0), 14);
    assert.deepEqual(await telemetryLastUpdated(t.deps.db, device.owner.user.id), t.clock.now());
  });

  it("accepts gzip and answers a retried batch with the same ack, counting it once", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    const first = await (await device.post(batch, { gzip: true })).json();
    assert.deepEqual(first, {
      ack: true,
      batchId: batch.batchId,
      accepted: batch.events.length,
      duplicate: false,
    });
    const before = await storedRows(await deviceIdOf(device), device.owner.user.id);
    assert.equal(before.batches[0].bodyEncoding, "gzip");
    assert.deepEqual(JSON.parse(gunzipSync(before.batches[0].body).toString()), batch, "the body as sent");
    t.clock.advance(60_000);
    const retry = await device.post(batch, { gzip: true });
    assert.equal(retry.status, 200);
    assert.deepEqual(await retry.json(), { ...first, duplicate: true });
    const afterRetry = await storedRows(await deviceIdOf(device), device.owner.user.id);
    assert.deepEqual(afterRetry, before, "a retry changes no row, not even Last updated");
  });

  it("counts a batch once when its retry races the first attempt", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    const answers = await Promise.all([device.post(batch), device.post(batch, { gzip: true })]);
    const acks = await Promise.all(answers.map((answer) => answer.json()));
    assert.deepEqual(acks.map((ack) => ack.duplicate).sort(), [false, true]);
    assert.ok(acks.every((ack) => ack.accepted === batch.events.length && ack.batchId === batch.batchId));
    const rows = await storedRows(await deviceIdOf(device), device.owner.user.id);
    assert.equal(rows.batches.length, 1);
    assert.equal(rows.days.reduce((sum, day) => sum + day.faderMoves, 0), 14);
    assert.equal(rows.days.reduce((sum, day) => sum + day.events, 0), batch.events.length);
  });

  it("refuses a gzip bomb with 413 without inflating it all", async () => {
    const device = await telemetryDevice(t);
    // 200 MiB of spaces after the opening of a valid batch: about 200 KB compressed.
    const opening = new TextEncoder().encode(JSON.stringify(recentBatch(device)).slice(0, -1));
    const bomb = new Uint8Array(opening.byteLength + 200 * 1024 * 1024).fill(0x20);
    bomb.set(opening);
    const compressed = new Uint8Array(gzipSync(bomb, { level: 9 }));
    assert.ok(compressed.byteLength < MAX_BATCH_BODY_BYTES, `bomb is ${compressed.byteLength} bytes`);
    const response = await device.controller.call("/v1/telemetry", { method: "POST", body: compressed }, {
      "content-encoding": "gzip",
    });
    await expectError(
      response,
      413,
      "too_large",
      new RegExp(`inflates to more than ${MAX_BATCH_JSON_BYTES}`),
    );
    await expectNothingStored(device);
  });

  it("refuses bodies over the compressed and the plain limits with 413", async () => {
    const device = await telemetryDevice(t);
    const noise = new Uint8Array(MAX_BATCH_BODY_BYTES + 1).fill(0x1f);
    const compressedTooLarge = await device.controller.call(
      "/v1/telemetry",
      { method: "POST", body: noise },
      {
        "content-encoding": "gzip",
      },
    );
    await expectError(compressedTooLarge, 413, "too_large", /gzip body is larger/);
    const plain = new TextEncoder().encode(" ".repeat(MAX_BATCH_JSON_BYTES + 1));
    await expectError(await device.post(plain), 413, "too_large", /larger than/);
    await expectNothingStored(device);
  });

  it("refuses invalid gzip, invalid JSON and invalid batches with 400 naming the problem", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    const notGzip = await device.post(batch, { headers: { "content-encoding": "gzip" } });
    await expectError(notGzip, 400, "invalid_request", /not valid gzip/);
    await expectError(
      await device.post(new TextEncoder().encode("{")),
      400,
      "invalid_request",
      /not valid JSON/,
    );
    const badPlay = { ...batch, events: [{ ...sampleEvents().track_play, deck: 9 }] };
    await expectError(await device.post(badPlay), 400, "invalid_request", /^events\.0\.deck: /);
    const withEmail = { ...batch, email: "dj@example.com" };
    await expectError(await device.post(withEmail), 400, "invalid_request", /email/);
    await expectNothingStored(device);
  });

  it("refuses events dated outside the accepted window", async () => {
    const device = await telemetryDevice(t);
    const past = sampleBatch(device.controller.serial, [
      { kind: "heartbeat", ts: "1970-01-01T00:00:10.000Z", uptimeSec: 10, cpuTempC: null },
    ]);
    await expectError(await device.post(past), 400, "invalid_request", /events\.0: .*days old/);
    const future = new Date(t.clock.now().getTime() + 3600_000).toISOString();
    const ahead = sampleBatch(device.controller.serial, [
      { kind: "heartbeat", ts: future, uptimeSec: 10, cpuTempC: null },
    ]);
    await expectError(await device.post(ahead), 400, "invalid_request", /in the future/);
    await expectNothingStored(device);
  });

  it("refuses unsupported content types and encodings with 415", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    await expectError(
      await device.post(batch, { headers: { "content-encoding": "br" } }),
      415,
      "invalid_request",
      /gzip/,
    );
    await expectError(
      await device.post(batch, { headers: { "content-type": "text/plain" } }),
      415,
      "invalid_request",
      /application\/json/,
    );
  });

  it("needs a live device session", async () => {
    const device = await telemetryDevice(t);
    const batch = recentBatch(device);
    const response = await device.controller.call("/v1/telemetry", {
      method: "POST",
      body: JSON.stringify(batch),
    }, { "x-ocp-token": "wrong" });
    await expectError(response, 401, "invalid_token", /X-OCP-Session/);
    await expectNothingStored(device);
    const check = statusEndpoints().find((endpoint) => endpoint.path === "/v1/telemetry");
    assert.deepEqual([check?.method, check?.liveStatuses], ["POST", [401]], "OCP API Status checks it");
    const probe = await t.app.request("/v1/telemetry", { method: "POST", body: "" });
    assert.equal(probe.status, 401, "the status check's own request counts as live");
  });

  it("keeps user A's device out of user B's stats", async () => {
    const a = await telemetryDevice(t);
    const b = await telemetryDevice(t);
    const namingB = recentBatch(b);
    await expectError(await a.post(namingB), 403, "invalid_serial", /another device/);
    // A's session with B's serial header is not a session of B's device.
    const borrowed = await a.controller.call("/v1/telemetry", {
      method: "POST",
      body: JSON.stringify(namingB),
    }, { "x-device-serial": b.controller.serial });
    await expectError(borrowed, 401, "invalid_token", /X-Device-Serial/);
    await expectNothingStored(b);
    // Even the very same batch (same ids) from A lands in A's stats only.
    const sameIdsFromA = { ...namingB, serial: a.controller.serial };
    assert.equal((await a.post(sameIdsFromA)).status, 200);
    assert.equal((await b.post(namingB)).status, 200);
    const range = { from: new Date(0), to: new Date(t.clock.now().getTime() + 1) };
    const [sessionsA, sessionsB] = await Promise.all([
      listSessions(t.deps.db, a.owner.user.id, range),
      listSessions(t.deps.db, b.owner.user.id, range),
    ]);
    assert.equal(sessionsA.length, 1);
    assert.equal(sessionsB.length, 1);
    assert.equal(sessionsB[0].plays, 1, "A's copy did not add to B's session");
    assert.notEqual(sessionsA[0].deviceId, sessionsB[0].deviceId);
  });

  it("limits the batches a device sends per minute with 429 and Retry-After", async () => {
    const device = await telemetryDevice(t);
    const heartbeat = (i: number) =>
      sampleBatch(device.controller.serial, [{
        kind: "heartbeat",
        ts: new Date(t.clock.now().getTime() - i).toISOString(),
        uptimeSec: i,
        cpuTempC: null,
      }]);
    for (let i = 0; i < TELEMETRY_BUDGET.batchesPerMinute; i++) {
      assert.equal((await device.post(heartbeat(i))).status, 200, `batch ${i}`);
    }
    const refused = await device.post(heartbeat(9999));
    await expectError(refused, 429, "rate_limited", /too much telemetry/);
    assert.ok(Number(refused.headers.get("retry-after")) >= 1);
    t.clock.advance(60_000);
    assert.equal((await device.post(heartbeat(0))).status, 200, "the next minute has a fresh budget");
    const other = await telemetryDevice(t);
    assert.equal((await other.post(recentBatch(other))).status, 200, "another device has its own budget");
  });

  it("keeps stored batches append-only", async () => {
    const device = await telemetryDevice(t);
    assert.equal((await device.post(recentBatch(device))).status, 200);
    await assert.rejects(
      t.deps.db.$client.execute({
        sql: "UPDATE telemetry_batches SET event_count = 0 WHERE device_id = ?",
        args: [await deviceIdOf(device)],
      }),
      /append-only/,
    );
  });

  it("hands validated batches to the sink it is given", async () => {
    const device = await telemetryDevice(t);
    const received: { deviceId: string; userId: string; batch: TelemetryBatch; body: string }[] = [];
    const recordingSink: TelemetrySink = {
      ingest: (sender, batch, raw) => {
        received.push({ ...sender, batch, body: new TextDecoder().decode(raw.bytes) });
        return Promise.resolve({ accepted: batch.events.length, duplicate: false });
      },
    };
    const app = new Hono<AppEnv>();
    app.use(async (c, next) => {
      c.set("deps", t.deps);
      await next();
    });
    app.route("/", telemetryRoutes(() => recordingSink));
    const batch = recentBatch(device);
    const response = await app.request("/v1/telemetry", {
      method: "POST",
      body: JSON.stringify(batch),
      headers: {
        "content-type": "application/json",
        "x-ocp-session": device.controller.session!.id,
        "x-ocp-token": device.controller.session!.token,
        "x-device-serial": device.controller.serial,
      },
    });
    assert.equal(response.status, 200, await response.clone().text());
    assert.deepEqual(received, [{
      deviceId: await deviceIdOf(device),
      userId: device.owner.user.id,
      batch,
      body: JSON.stringify(batch),
    }]);
    await expectNothingStored(device);
  });
});
