import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { TelemetryEvent } from "../../../shared/telemetry/mod.ts";
import { sampleBatch, sampleEvents } from "../../../shared/telemetry/testing/sample_batch.ts";
import { devices } from "../../db/schema/devices.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { freshSerial } from "../devices/testing/support.ts";
import { libsqlTelemetrySink } from "./libsql_sink.ts";
import {
  communityTotals,
  listDailyTotals,
  listPlays,
  listSessionPlays,
  listSessions,
  listTransitions,
  listUserTotals,
  telemetryLastUpdated,
} from "./read.ts";

const DAY_ONE = new Date("2026-03-07T20:00:00.000Z");
const DAY_TWO = new Date("2026-03-08T21:00:00.000Z");
const ALL_TIME = { from: new Date(0), to: new Date("2100-01-01T00:00:00Z") };
const ALL_DAYS = { firstDay: "2000-01-01", lastDay: "2100-01-01" };

/** A sample session starting at `start` with its own session and play ids. */
function session(start: Date): TelemetryEvent[] {
  const ids = new Map<string, string>();
  const fresh = (id: string) => ids.get(id) ?? ids.set(id, crypto.randomUUID()).get(id)!;
  return Object.values(sampleEvents(start)).map((event) => {
    const copy: Record<string, unknown> = { ...event };
    for (const key of ["sessionId", "playId", "outgoingPlayId", "incomingPlayId"]) {
      if (typeof copy[key] === "string") copy[key] = fresh(copy[key] as string);
    }
    return copy as TelemetryEvent;
  });
}

describe("telemetry read API", () => {
  let t: TestApp;
  let sink: ReturnType<typeof libsqlTelemetrySink>;
  before(async () => {
    t = await createTestApp();
    sink = libsqlTelemetrySink(t.deps.db);
  });
  after(() => t.close());

  async function owner() {
    const { user } = await signedInUser(t);
    const addDevice = async () => {
      const id = crypto.randomUUID();
      await t.deps.db.insert(devices).values({
        id,
        serial: freshSerial(),
        userId: user.id,
        model: "MXR-CTRL-ONE",
        purchaseDate: "2025-01-22",
        registeredAt: t.clock.now(),
      });
      return id;
    };
    return { user, addDevice };
  }

  const send = (deviceId: string, userId: string, events: TelemetryEvent[], receivedAt: Date) => {
    const batch = sampleBatch("MXR-20250122-000001", events);
    const raw = { bytes: new TextEncoder().encode(JSON.stringify(batch)), encoding: "identity" as const };
    return sink.ingest({ deviceId, userId }, batch, raw, receivedAt);
  };

  it("reads a user's sessions, plays, transitions and daily totals over a range", async () => {
    const dj = await owner();
    const [deckA, deckB] = [await dj.addDevice(), await dj.addDevice()];
    assert.equal(await telemetryLastUpdated(t.deps.db, dj.user.id), null);
    await send(deckA, dj.user.id, session(DAY_ONE), new Date("2026-03-07T21:00:00Z"));
    await send(
      deckB,
      dj.user.id,
      session(new Date(DAY_ONE.getTime() + 3600_000)),
      new Date("2026-03-07T22:00:00Z"),
    );
    await send(deckA, dj.user.id, session(DAY_TWO), new Date("2026-03-08T22:00:00Z"));

    const sessions = await listSessions(t.deps.db, dj.user.id, ALL_TIME);
    assert.deepEqual(sessions.map((s) => s.startedAt.toISOString()), [
      DAY_TWO.toISOString(),
      new Date(DAY_ONE.getTime() + 3600_000).toISOString(),
      DAY_ONE.toISOString(),
    ]);
    assert.deepEqual(sessions.map((s) => [s.plays, s.transitions]), [[1, 1], [1, 1], [1, 1]]);
    const dayTwoOnly = await listSessions(t.deps.db, dj.user.id, {
      from: new Date("2026-03-08T00:00:00Z"),
      to: new Date("2026-03-09T00:00:00Z"),
    });
    assert.equal(dayTwoOnly.length, 1);

    const plays = await listPlays(t.deps.db, dj.user.id, ALL_TIME);
    assert.equal(plays.length, 3);
    assert.ok(plays[0].startedAt < plays[1].startedAt && plays[1].startedAt < plays[2].startedAt);
    const setlist = await listSessionPlays(t.deps.db, dj.user.id, sessions[0]);
    assert.deepEqual(setlist.map((p) => [p.title, p.artist]), [["Night Drive", "Test Artist"]]);
    assert.equal((await listTransitions(t.deps.db, dj.user.id, ALL_TIME)).length, 3);

    const days = await listDailyTotals(t.deps.db, dj.user.id, ALL_DAYS);
    assert.deepEqual(days.map((d) => [d.day, d.sessions, d.plays, d.transitions, d.harmonicTransitions]), [
      ["2026-03-07", 2, 2, 2, 2],
      ["2026-03-08", 1, 1, 1, 1],
    ]);
    assert.equal(days[0].faderMoves, 28, "both devices' counters add up");
    assert.equal(days[0].maxCpuTempC, 52.3);
    const oneDevice = await listDailyTotals(t.deps.db, dj.user.id, ALL_DAYS, { deviceIds: [deckB] });
    assert.deepEqual(oneDevice.map((d) => [d.day, d.plays]), [["2026-03-07", 1]]);
    assert.deepEqual(await telemetryLastUpdated(t.deps.db, dj.user.id), new Date("2026-03-08T22:00:00Z"));
  });

  it("counts a play reported in two batches once", async () => {
    const dj = await owner();
    const deck = await dj.addDevice();
    const events = session(DAY_ONE);
    const play = events.find((event) => event.kind === "track_play")!;
    await send(deck, dj.user.id, events, new Date("2026-03-07T21:00:00Z"));
    await send(deck, dj.user.id, [play], new Date("2026-03-07T21:01:00Z"));
    const [day] = await listDailyTotals(t.deps.db, dj.user.id, ALL_DAYS);
    assert.equal(day.plays, 1);
    assert.equal(day.playedSec, 360);
    assert.equal(day.events, events.length + 1, "the second batch's event itself is counted");
    const [stored] = await listSessions(t.deps.db, dj.user.id, ALL_TIME);
    assert.equal(stored.plays, 1);
  });

  it("totals per user and for the community, only for the users asked about", async () => {
    const [first, second, third] = [await owner(), await owner(), await owner()];
    for (const dj of [first, second, third]) {
      await send(await dj.addDevice(), dj.user.id, session(DAY_ONE), new Date("2026-03-07T21:00:00Z"));
    }
    await send(await second.addDevice(), second.user.id, session(DAY_TWO), new Date("2026-03-08T22:00:00Z"));
    assert.deepEqual(await listUserTotals(t.deps.db, [], ALL_DAYS), []);
    const totals = await listUserTotals(t.deps.db, [first.user.id, second.user.id], ALL_DAYS);
    const byUser = new Map(totals.map((row) => [row.userId, row]));
    assert.equal(byUser.size, 2);
    assert.deepEqual([byUser.get(first.user.id)!.plays, byUser.get(first.user.id)!.activeDays], [1, 1]);
    assert.deepEqual([byUser.get(second.user.id)!.plays, byUser.get(second.user.id)!.activeDays], [2, 2]);
    const weekOne = await listUserTotals(t.deps.db, [second.user.id], {
      firstDay: "2026-03-08",
      lastDay: "2026-03-08",
    });
    assert.equal(weekOne[0].plays, 1);
    const community = await communityTotals(t.deps.db, { firstDay: "2026-03-08", lastDay: "2026-03-08" });
    assert.ok(community.djs >= 1 && community.energyWh > 0);
    const everyone = await communityTotals(t.deps.db);
    assert.ok(everyone.djs >= 3);
  });
});
