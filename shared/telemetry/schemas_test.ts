import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import {
  MAX_EVENTS_PER_BATCH,
  MAX_TRACK_TEXT_LENGTH,
  TELEMETRY_EVENT_KINDS,
  TelemetryAckSchema,
  TelemetryBatchSchema,
  type TelemetryEvent,
  TelemetryEventSchema,
} from "./mod.ts";
import { sampleBatch, sampleEvents } from "./testing/sample_batch.ts";

const SERIAL = "MXR-20250701-000123";

function problem(result: { success: boolean; error?: z.ZodError }): string {
  assert.equal(result.success, false, "expected the input to be refused");
  return z.prettifyError(result.error!);
}

/** Every key of every object inside a schema, however deeply nested. */
function fieldNames(schema: z.ZodType): string[] {
  if (schema instanceof z.ZodObject) {
    return Object.entries(schema.shape).flatMap(([key, inner]) => [key, ...fieldNames(inner as z.ZodType)]);
  }
  if (schema instanceof z.ZodDiscriminatedUnion) {
    return schema.options.flatMap((option) => fieldNames(option as z.ZodType));
  }
  if (schema instanceof z.ZodArray) return fieldNames(schema.element as z.ZodType);
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) {
    return fieldNames(schema.unwrap() as z.ZodType);
  }
  return [];
}

describe("telemetry event schemas", () => {
  it("has a valid sample of every kind", () => {
    const samples = sampleEvents();
    assert.deepEqual(Object.keys(samples).sort(), [...TELEMETRY_EVENT_KINDS].sort());
    for (const [kind, event] of Object.entries(samples)) {
      assert.equal(event.kind, kind);
      assert.deepEqual(TelemetryEventSchema.parse(event), event, kind);
    }
  });

  it("refuses an unknown field on every kind, so nothing personal can ride along", () => {
    for (const event of Object.values(sampleEvents())) {
      const withEmail = { ...event, email: "dj@example.com" };
      assert.match(problem(TelemetryEventSchema.safeParse(withEmail)), /email/, event.kind);
    }
  });

  it("declares no field that could hold an email, a name, a user or a file path", () => {
    const names = fieldNames(TelemetryBatchSchema);
    assert.ok(names.includes("playedSec") && names.includes("camelotRelation"), "walked into the events");
    const personal = names.filter((name) => /mail|name|user|owner|path|file|ip|address|phone/i.test(name));
    assert.deepEqual(personal, []);
  });

  it("refuses an unknown kind and names the field", () => {
    const message = problem(TelemetryEventSchema.safeParse({ kind: "gps_fix", ts: "2026-03-07T22:00:00Z" }));
    assert.match(message, /kind/);
  });

  it("refuses a play that ends before it starts or plays longer than it lasted", () => {
    const play = sampleEvents().track_play;
    assert.match(
      problem(TelemetryEventSchema.safeParse({ ...play, endedAt: "2026-03-07T21:59:00Z" })),
      /before/,
    );
    assert.match(problem(TelemetryEventSchema.safeParse({ ...play, playedSec: 361.5 })), /longer/);
    assert.equal(
      TelemetryEventSchema.safeParse({ ...play, playedSec: 360.5 }).success,
      true,
      "rounding slack",
    );
  });

  it("refuses out-of-range decks, BPMs, keys and fader positions", () => {
    const { track_play: play, fader_move: fader } = sampleEvents();
    for (
      const bad of [{ deck: 4 }, { bpm: 900 }, { key: "13A" }, { key: "F#m" }, { genre: "x".repeat(65) }]
    ) {
      assert.equal(TelemetryEventSchema.safeParse({ ...play, ...bad }).success, false, JSON.stringify(bad));
    }
    assert.equal(TelemetryEventSchema.safeParse({ ...fader, pos: 1.2 }).success, false);
    assert.equal(TelemetryEventSchema.safeParse({ ...fader, chan: 16 }).success, false);
  });

  it("limits track text and keeps error messages to upper-case tokens", () => {
    const { track_play: play, error } = sampleEvents();
    const longTitle = { ...play, title: "t".repeat(MAX_TRACK_TEXT_LENGTH + 1) };
    assert.match(problem(TelemetryEventSchema.safeParse(longTitle)), /title/);
    const freeText = { ...error, message: "could not open /home/anna/Music/set.mp3" };
    assert.match(problem(TelemetryEventSchema.safeParse(freeText)), /upper-case token/);
  });

  it("refuses a transition from a play into itself", () => {
    const transition = sampleEvents().transition as TelemetryEvent & { outgoingPlayId: string };
    const loop = { ...transition, incomingPlayId: transition.outgoingPlayId };
    assert.match(problem(TelemetryEventSchema.safeParse(loop)), /two different plays/);
  });
});

describe("telemetry batch schema", () => {
  it("accepts a batch of every kind", () => {
    const batch = sampleBatch(SERIAL);
    assert.deepEqual(TelemetryBatchSchema.parse(JSON.parse(JSON.stringify(batch))), batch);
  });

  it("needs a uuid batch id, a serial, a version and at least one event", () => {
    const batch = sampleBatch(SERIAL);
    assert.match(problem(TelemetryBatchSchema.safeParse({ ...batch, batchId: "1" })), /batchId/);
    assert.match(problem(TelemetryBatchSchema.safeParse({ ...batch, serial: "bad serial" })), /serial/);
    assert.match(problem(TelemetryBatchSchema.safeParse({ ...batch, v: 2 })), /v/);
    assert.match(problem(TelemetryBatchSchema.safeParse({ ...batch, events: [] })), /events/);
    assert.match(problem(TelemetryBatchSchema.safeParse({ ...batch, owner: "anna" })), /owner/);
  });

  it(`holds at most ${MAX_EVENTS_PER_BATCH} events`, () => {
    const heartbeat = sampleEvents().heartbeat;
    const full = sampleBatch(SERIAL, Array(MAX_EVENTS_PER_BATCH).fill(heartbeat));
    assert.equal(TelemetryBatchSchema.safeParse(full).success, true);
    const over = sampleBatch(SERIAL, Array(MAX_EVENTS_PER_BATCH + 1).fill(heartbeat));
    assert.match(problem(TelemetryBatchSchema.safeParse(over)), /events/);
  });

  it("acknowledges by batch id", () => {
    const ack = { ack: true, batchId: crypto.randomUUID(), accepted: 11, duplicate: false };
    assert.deepEqual(TelemetryAckSchema.parse(ack), ack);
    assert.equal(TelemetryAckSchema.safeParse({ ...ack, ack: false }).success, false);
  });
});
