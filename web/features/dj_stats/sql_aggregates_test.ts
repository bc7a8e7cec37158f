import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { listPlays, listTransitions } from "../telemetry/mod.ts";
import { telemetryDevice } from "../telemetry/testing/telemetry_device.ts";
import { aggregateRecords } from "./aggregate.ts";
import { toPlayRecord, toTransitionRecord } from "./source.ts";
import { aggregateFromDb } from "./sql_aggregates.ts";
import { sendSet } from "./testing/played_set.ts";

describe("aggregateFromDb", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("gives the same aggregates as the records it was computed from", async () => {
    const device = await telemetryDevice(t);
    const hourAgo = (hours: number) => new Date(t.clock.now().getTime() - hours * 3_600_000);
    await sendSet(device, {
      start: hourAgo(30),
      tracks: [
        { title: "One", artist: "A", seconds: 200, bpm: 122, key: "8A", genre: "House" },
        { title: "Two", artist: "B", seconds: 210, bpm: 131.5, key: "9A", genre: "Techno" },
        { title: "One", artist: "A", seconds: 190, bpm: 118, key: "8B", genre: "House" },
        { title: "Three", artist: "C", seconds: 250, bpm: 126, key: "3A", genre: "Disco" },
      ],
      mixes: [
        { tempoDeltaPct: 7.5, camelotRelation: "adjacent", overlapBeats: 16, phraseAligned: false },
        { tempoDeltaPct: 1.9, camelotRelation: "clash", overlapBeats: 64 },
        { tempoDeltaPct: 4, camelotRelation: "unknown", overlapBeats: 8 },
      ],
    });
    await sendSet(device, {
      start: hourAgo(5),
      tracks: [
        { title: "Four", artist: "D", seconds: 300, bpm: 140, key: "1A", genre: "Techno" },
        { title: "Five", artist: "E", seconds: 320, bpm: 139, key: "1B", genre: "Techno" },
      ],
      mixes: [{ tempoDeltaPct: 0.7, camelotRelation: "relative", overlapBeats: 32 }],
    });
    const everything = { from: new Date(0), to: new Date(8.64e15) };
    const userId = device.owner.user.id;
    const plays = (await listPlays(t.deps.db, userId, everything)).map(toPlayRecord);
    const transitions = (await listTransitions(t.deps.db, userId, everything)).map(toTransitionRecord);
    const fromRecords = aggregateRecords(plays, transitions);
    const fromDb = await aggregateFromDb(t.deps.db, userId);
    assert.deepEqual(fromDb, fromRecords);
    assert.equal(fromDb.transitions.count, 4);
    assert.equal(fromDb.favourite?.name, "A – One");
    assert.equal(fromDb.best[0].to?.title, "Five");
    assert.equal(fromDb.worst[0].transition.camelotRelation, "unknown");
  });

  it("is empty for a DJ without telemetry", async () => {
    const aggregates = await aggregateFromDb(t.deps.db, "nobody");
    assert.deepEqual(aggregates, aggregateRecords([], []));
  });
});
