import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CloudResponse } from "../cloud/http_client.ts";
import { ControllerStore } from "../store/store.ts";
import { TelemetryOutbox } from "./outbox.ts";
import { type SendResult, sendThroughCloud, TELEMETRY_PATH, TelemetryUploader } from "./uploader.ts";

const SERIAL = "MXR-20250701-000123";
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function outboxWith(batches: number) {
  const dir = mkdtempSync(join(tmpdir(), "mixera-uploader-"));
  dirs.push(dir);
  const store = new ControllerStore(dir);
  const outbox = new TelemetryOutbox(store.db);
  for (let n = 0; n < batches; n++) {
    outbox.record({ kind: "heartbeat", ts: new Date(0).toISOString(), uptimeSec: n, cpuTempC: null });
    outbox.seal(SERIAL, 0);
  }
  return { store, outbox, ids: outbox.due(0).map((batch) => batch.batchId) };
}

describe("telemetry uploader", () => {
  test("sends oldest first and removes only what the portal acknowledged", async () => {
    const { store, outbox, ids } = outboxWith(3);
    const sent: string[] = [];
    const uploader = new TelemetryUploader(outbox, (batch) => {
      sent.push(batch.batchId);
      return Promise.resolve("acknowledged");
    });
    expect(await uploader.flush()).toBe(3);
    expect(sent).toEqual(ids);
    expect(outbox.stats().batches).toBe(0);
    store.close();
  });

  test("offline: stops at the first failure and backs off exponentially, keeping every batch", async () => {
    const { store, outbox } = outboxWith(2);
    let now = 1_000_000;
    let attempts = 0;
    let online = false;
    const uploader = new TelemetryUploader(
      outbox,
      () => {
        attempts++;
        return online ? Promise.resolve("acknowledged") : Promise.reject(new Error("ECONNREFUSED"));
      },
      { now: () => now, random: () => 0.5, initialDelayMs: 1000, maxDelayMs: 8000 },
    );
    const waits: number[] = [];
    for (let round = 0; round < 5; round++) {
      await uploader.flush();
      waits.push(uploader.retryAtMs - now);
      expect(await uploader.flush()).toBe(0); // still waiting: nothing is tried
      now = uploader.retryAtMs;
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000]);
    expect(attempts).toBe(5);
    expect(outbox.stats().batches).toBe(2);
    online = true;
    expect(await uploader.flush()).toBe(2);
    expect(uploader.retryAtMs).toBe(0);
    store.close();
  });

  test("a batch the portal refuses waits on its own while the others go ahead", async () => {
    const { store, outbox, ids } = outboxWith(3);
    const results: Record<string, SendResult> = { [ids[0]]: "refused" };
    const uploader = new TelemetryUploader(
      outbox,
      (batch) => Promise.resolve(results[batch.batchId] ?? "acknowledged"),
      { now: () => 0, random: () => 0.5, refusedDelayMs: 60_000 },
    );
    expect(await uploader.flush()).toBe(2);
    expect(outbox.due(59_999)).toEqual([]);
    expect(outbox.due(60_000).map((batch) => [batch.batchId, batch.attempts])).toEqual([[ids[0], 1]]);
    store.close();
  });

  test("rounds never overlap", async () => {
    const { store, outbox } = outboxWith(2);
    let inFlight = 0, most = 0;
    const uploader = new TelemetryUploader(outbox, async () => {
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      return "acknowledged";
    });
    const [a, b] = await Promise.all([uploader.flush(), uploader.flush()]);
    expect([a, b, most]).toEqual([2, 2, 1]);
    store.close();
  });
});

describe("sending through the cloud link", () => {
  const batch = { batchId: crypto.randomUUID(), body: new Uint8Array([31, 139]), eventCount: 1, attempts: 0 };
  const answering = (status: number, body: unknown) => {
    const calls: unknown[][] = [];
    const link = {
      call: (...args: unknown[]) => {
        calls.push(args);
        return Promise.resolve({ status, headers: new Headers(), body } as CloudResponse);
      },
    };
    return { send: sendThroughCloud(link), calls };
  };

  test("posts the gzip bytes as they are and accepts only the acknowledgement of this batch id", async () => {
    const ack = { ack: true, batchId: batch.batchId, accepted: 1, duplicate: false };
    const ok = answering(200, ack);
    expect(await ok.send(batch)).toBe("acknowledged");
    expect(ok.calls).toEqual([["POST", TELEMETRY_PATH, undefined, {
      bytes: batch.body,
      contentType: "application/json",
      contentEncoding: "gzip",
    }]]);
    expect(await answering(200, { ...ack, duplicate: true }).send(batch)).toBe("acknowledged");
    expect(await answering(200, { ...ack, batchId: crypto.randomUUID() }).send(batch)).toBe("refused");
  });

  test("tells a refused batch from a portal that cannot take it now", async () => {
    for (const status of [400, 413, 422]) expect(await answering(status, null).send(batch)).toBe("refused");
    for (const status of [401, 403, 404, 429, 500, 503]) {
      expect(await answering(status, null).send(batch)).toBe("unreachable");
    }
  });
});
