import { afterEach, describe, expect, test } from "bun:test";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { gunzipSync } from "node:zlib";
import {
  MAX_EVENTS_PER_BATCH,
  type TelemetryBatch,
  TelemetryBatchSchema,
  type TelemetryEvent,
} from "../../shared/telemetry/mod.ts";
import { ControllerStore } from "../store/store.ts";
import { TelemetryOutbox } from "./outbox.ts";

const SERIAL = "MXR-20250701-000123";
const T0 = Date.parse("2026-03-07T22:00:00.000Z");
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openStore(dir?: string): ControllerStore {
  const path = dir ?? mkdtempSync(join(tmpdir(), "mixera-outbox-"));
  if (!dir) dirs.push(path);
  return new ControllerStore(path);
}

const heartbeat = (uptimeSec: number, ms = T0): TelemetryEvent => ({
  kind: "heartbeat",
  ts: new Date(ms).toISOString(),
  uptimeSec,
  cpuTempC: null,
});

function decode(body: Uint8Array): TelemetryBatch {
  return TelemetryBatchSchema.parse(JSON.parse(gunzipSync(body).toString("utf8")));
}

describe("telemetry outbox", () => {
  test("seals recorded events into one gzipped batch with a unique id, kept until acknowledged", () => {
    const store = openStore();
    const outbox = new TelemetryOutbox(store.db);
    for (let n = 0; n < 3; n++) outbox.record(heartbeat(n));
    expect(outbox.seal(SERIAL, T0)).toBe(1);
    expect(outbox.seal(SERIAL, T0)).toBe(0); // nothing new
    outbox.record(heartbeat(3));
    outbox.seal(SERIAL, T0 + 60_000);
    const [first, second] = outbox.due(T0 + 60_000);
    expect(first.batchId).not.toBe(second.batchId);
    const batch = decode(first.body);
    expect(batch).toMatchObject({
      v: 1,
      batchId: first.batchId,
      serial: SERIAL,
      sentAt: new Date(T0).toISOString(),
    });
    expect(batch.events.map((e) => e.kind === "heartbeat" && e.uptimeSec)).toEqual([0, 1, 2]);
    outbox.acknowledge(first.batchId);
    expect(outbox.due(T0 + 60_000).map((b) => b.batchId)).toEqual([second.batchId]);
    store.close();
  });

  test("refuses an event the wire schema refuses, and stores nothing for it", () => {
    const store = openStore();
    const outbox = new TelemetryOutbox(store.db);
    const withEmail = { ...heartbeat(1), email: "dj@example.com" } as unknown as TelemetryEvent;
    expect(() => outbox.record(withEmail)).toThrow(/email/);
    expect(outbox.stats().pendingEvents).toBe(0);
    store.close();
  });

  test(`splits more than ${MAX_EVENTS_PER_BATCH} events into several batches`, () => {
    const store = openStore();
    const outbox = new TelemetryOutbox(store.db);
    for (let n = 0; n < 2500; n++) outbox.record(heartbeat(n));
    expect(outbox.seal(SERIAL, T0)).toBe(3);
    const counts = outbox.due(T0).map((batch) => decode(batch.body).events.length);
    expect(counts).toEqual([1000, 1000, 500]);
    store.close();
  });

  test("a failed batch waits for its next attempt, counting attempts", () => {
    const store = openStore();
    const outbox = new TelemetryOutbox(store.db);
    outbox.record(heartbeat(1));
    outbox.seal(SERIAL, T0);
    const [batch] = outbox.due(T0);
    outbox.retryLater(batch.batchId, T0 + 5000);
    expect(outbox.due(T0 + 4999)).toEqual([]);
    expect(outbox.nextAttemptAt()).toBe(T0 + 5000);
    expect(outbox.due(T0 + 5000)).toMatchObject([{ batchId: batch.batchId, attempts: 1 }]);
    store.close();
  });

  test("drops batches past the age limit and reports the drop in the next batch", () => {
    const store = openStore();
    const day = 24 * 3600_000;
    const outbox = new TelemetryOutbox(store.db, { maxAgeMs: 7 * day });
    outbox.record(heartbeat(1));
    outbox.record(heartbeat(2));
    outbox.seal(SERIAL, T0);
    outbox.record(heartbeat(3));
    outbox.seal(SERIAL, T0 + day);
    expect(outbox.enforceBounds(T0 + 7 * day)).toEqual([]);
    const drops = outbox.enforceBounds(T0 + 7 * day + 1);
    expect(drops).toEqual([{
      kind: "outbox_drop",
      ts: new Date(T0 + 7 * day + 1).toISOString(),
      reason: "age",
      droppedBatches: 1,
      droppedEvents: 2,
      oldestDroppedAt: new Date(T0).toISOString(),
    }]);
    outbox.seal(SERIAL, T0 + 7 * day + 1);
    const left = outbox.due(T0 + 8 * day).map((batch) => decode(batch.body).events.map((e) => e.kind));
    expect(left).toEqual([["heartbeat"], ["outbox_drop"]]);
    store.close();
  });

  test("drops the oldest batches while the outbox is over its size, and reports it", () => {
    const store = openStore();
    const outbox = new TelemetryOutbox(store.db, { maxBytes: 8 * 1024 });
    // Random track titles hardly compress: each batch is a few kilobytes.
    const noise = () => Array.from({ length: 200 }, () => Math.random().toString(36).slice(2, 3)).join("");
    for (let batch = 0; batch < 40; batch++) {
      for (let n = 0; n < 10; n++) {
        outbox.record({
          kind: "error",
          ts: new Date(T0).toISOString(),
          code: 1,
          message: noise().toUpperCase().replace(/[^A-Z0-9]/g, "X").slice(0, 60),
          fatal: false,
        });
      }
      outbox.seal(SERIAL, T0 + batch);
    }
    const before = outbox.stats();
    expect(before.bytes).toBeGreaterThan(8 * 1024);
    const [drop] = outbox.enforceBounds(T0 + 100);
    expect(drop).toMatchObject({
      kind: "outbox_drop",
      reason: "size",
      oldestDroppedAt: new Date(T0).toISOString(),
    });
    const dropped = drop.kind === "outbox_drop" ? drop.droppedBatches : 0;
    expect(dropped).toBeGreaterThan(0);
    expect(outbox.stats().batches).toBe(before.batches - dropped);
    expect(outbox.stats().bytes).toBeLessThanOrEqual(8 * 1024);
    store.close();
  });

  test("batches and pending events survive closing and reopening the store", () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-outbox-"));
    dirs.push(dir);
    let store = openStore(dir);
    let outbox = new TelemetryOutbox(store.db);
    outbox.record(heartbeat(1));
    outbox.seal(SERIAL, T0);
    outbox.record(heartbeat(2));
    const [batch] = outbox.due(T0);
    store.close();
    store = openStore(dir);
    outbox = new TelemetryOutbox(store.db);
    expect(outbox.due(T0).map((b) => [b.batchId, Buffer.from(b.body).equals(Buffer.from(batch.body))]))
      .toEqual([
        [batch.batchId, true],
      ]);
    expect(outbox.stats().pendingEvents).toBe(1);
    store.close();
  });

  test("loses no recorded event when the process is killed with SIGKILL mid-write", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-outbox-kill-"));
    dirs.push(dir);
    const writer = join(import.meta.dir, "testing", "outbox_writer.ts");
    const child = spawn(process.execPath, [writer, dir], { stdio: ["ignore", "pipe", "inherit"] });
    let acknowledged = 0;
    const exited = new Promise<string | null>((resolve) =>
      child.once("exit", (_code, signal) => resolve(signal))
    );
    await new Promise<void>((resolve) => {
      createInterface({ input: child.stdout! }).on("line", (line) => {
        acknowledged = Number(line);
        // Kill it while it writes, past a few seals.
        if (acknowledged === 1337) {
          child.kill("SIGKILL");
          resolve();
        }
      });
    });
    expect(await exited).toBe("SIGKILL");
    const store = openStore(dir);
    const outbox = new TelemetryOutbox(store.db);
    const batches = outbox.due(Date.now() + 1, 10_000).map((batch) => decode(batch.body));
    const sealed = batches.flatMap((batch) => batch.events);
    const pending = store.db.query<{ body: string }, []>("SELECT body FROM telemetry_events ORDER BY id")
      .all()
      .map((row) => JSON.parse(row.body) as TelemetryEvent);
    const uptimes = [...sealed, ...pending].map((event) => event.kind === "heartbeat" ? event.uptimeSec : -1);
    // Every event the child had committed when it printed is there, once, in order.
    expect(uptimes.length).toBeGreaterThanOrEqual(acknowledged);
    expect(uptimes).toEqual(uptimes.map((_, n) => n));
    expect(new Set(batches.map((batch) => batch.batchId)).size).toBe(batches.length);
    store.close();
  }, 30_000);
});
