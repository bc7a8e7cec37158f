/**
 * @module
 * The telemetry outbox in the controller's bun:sqlite store. Every recorded event is written at once
 * (`telemetry_events`), so a crash or SIGKILL loses nothing already recorded; once a period the
 * pending events are sealed into batches (`telemetry_outbox`: a unique batch id, the gzipped JSON as
 * sent) in the same transaction that deletes them. A batch stays until the portal acknowledges its id,
 * so retrying after a restart resends the very same bytes. The outbox is bounded: batches older than
 * `maxAgeMs`, or the oldest ones while everything stored exceeds `maxBytes`, are dropped, and the drop
 * is itself recorded as an `outbox_drop` event for the next batch. The running session's closing events
 * are checkpointed each period, so a run that is killed still ends its session on the next start.
 *
 * @example
 * ```ts
 * const outbox = new TelemetryOutbox(store.db);
 * outbox.record({ kind: "heartbeat", ts: new Date().toISOString(), uptimeSec: 60, cpuTempC: null });
 * outbox.seal("MXR-20250701-000123", Date.now());
 * for (const batch of outbox.due(Date.now())) await send(batch.body);
 * ```
 */
import type { Database } from "bun:sqlite";
import { gzipSync } from "node:zlib";
import {
  MAX_BATCH_BODY_BYTES,
  MAX_BATCH_JSON_BYTES,
  MAX_EVENTS_PER_BATCH,
  TELEMETRY_SCHEMA_VERSION,
  type TelemetryBatch,
  type TelemetryEvent,
  TelemetryEventSchema,
} from "../../shared/telemetry/mod.ts";

export const DEFAULT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
/** Where the running session's closing events wait in the store's key/value cache. */
const CHECKPOINT_KEY = "telemetry.session_checkpoint";
/** Bytes of the batch envelope around its events (`{"v":1,"batchId":…,"events":[…]}`), generously. */
const ENVELOPE_BYTES = 256;

export interface SealedBatch {
  batchId: string;
  body: Uint8Array<ArrayBuffer>;
  eventCount: number;
  attempts: number;
}

export interface OutboxStats {
  pendingEvents: number;
  batches: number;
  bytes: number;
}

export interface OutboxOptions {
  maxAgeMs?: number;
  maxBytes?: number;
  newId?: () => string;
}

export class TelemetryOutbox {
  readonly #db: Database;
  readonly #maxAgeMs: number;
  readonly #maxBytes: number;
  readonly #newId: () => string;

  constructor(db: Database, options: OutboxOptions = {}) {
    this.#db = db;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
  }

  /**
   * Stores one event for the next batch. It is checked against the wire schema first: an event the
   * portal would refuse must not poison a batch, and the schema admits no personal field.
   */
  record(event: TelemetryEvent, nowMs = Date.now()): void {
    const checked = TelemetryEventSchema.parse(event);
    this.#db.query("INSERT INTO telemetry_events (recorded_at, body) VALUES (?, ?)").run(
      nowMs,
      JSON.stringify(checked),
    );
  }

  /** Seals every pending event into batches for `serial`; returns how many batches it made. */
  seal(serial: string, nowMs = Date.now()): number {
    return this.#db.transaction(() => {
      const rows = this.#db.query<{ id: number; body: string }, []>(
        "SELECT id, body FROM telemetry_events ORDER BY id",
      ).all();
      let made = 0;
      for (const chunk of chunkEvents(rows)) {
        for (const batch of this.#encode(serial, chunk.map((row) => row.body), nowMs)) {
          this.#db.query(
            `INSERT INTO telemetry_outbox (batch_id, created_at, event_count, body) VALUES (?, ?, ?, ?)`,
          ).run(batch.batchId, nowMs, batch.eventCount, batch.body);
          made++;
        }
      }
      if (rows.length > 0) {
        this.#db.query("DELETE FROM telemetry_events WHERE id <= ?").run(rows.at(-1)!.id);
      }
      return made;
    })();
  }

  /** Batches whose next attempt is due, oldest first. */
  due(nowMs = Date.now(), limit = 20): SealedBatch[] {
    return this.#db.query<
      { batch_id: string; body: Uint8Array; event_count: number; attempts: number },
      [number, number]
    >(
      `SELECT batch_id, body, event_count, attempts FROM telemetry_outbox
        WHERE next_attempt_at <= ? ORDER BY id LIMIT ?`,
    ).all(nowMs, limit).map((row) => ({
      batchId: row.batch_id,
      body: new Uint8Array(row.body),
      eventCount: row.event_count,
      attempts: row.attempts,
    }));
  }

  /** The earliest time a waiting batch may be sent again, or null with an empty outbox. */
  nextAttemptAt(): number | null {
    const row = this.#db.query<{ next: number | null }, []>(
      "SELECT MIN(next_attempt_at) AS next FROM telemetry_outbox",
    ).get();
    return row?.next ?? null;
  }

  /** The portal stored the batch: it is gone for good. */
  acknowledge(batchId: string): void {
    this.#db.query("DELETE FROM telemetry_outbox WHERE batch_id = ?").run(batchId);
  }

  /** A send failed: counts the attempt and waits until `nextAttemptAtMs`. */
  retryLater(batchId: string, nextAttemptAtMs: number): void {
    this.#db.query(
      "UPDATE telemetry_outbox SET attempts = attempts + 1, next_attempt_at = ? WHERE batch_id = ?",
    ).run(nextAttemptAtMs, batchId);
  }

  /**
   * Drops batches past the age limit, then the oldest while the outbox is over its size, and records
   * what went as `outbox_drop` events. Returns the drop events recorded.
   */
  enforceBounds(nowMs = Date.now()): TelemetryEvent[] {
    return this.#db.transaction(() => {
      const drops: TelemetryEvent[] = [];
      const aged = this.#db.query<DroppedRow, [number]>(
        "SELECT id, created_at, event_count FROM telemetry_outbox WHERE created_at < ? ORDER BY id",
      ).all(nowMs - this.#maxAgeMs);
      if (aged.length > 0) drops.push(this.#drop("age", aged, nowMs));
      const stale = this.#dropStaleEvents(nowMs);
      if (stale) drops.push(stale);
      const oversize: DroppedRow[] = [];
      let bytes = this.stats().bytes;
      const oldest = this.#db.query<DroppedRow & { size: number }, []>(
        "SELECT id, created_at, event_count, length(body) AS size FROM telemetry_outbox ORDER BY id",
      );
      for (const row of oldest.iterate()) {
        if (bytes <= this.#maxBytes) break;
        oversize.push(row);
        bytes -= row.size;
      }
      if (oversize.length > 0) drops.push(this.#drop("size", oversize, nowMs));
      return drops;
    })();
  }

  /**
   * Keeps the events that would end the running session (see SetRecorder.closingEvents), replacing
   * the previous checkpoint; an empty list clears it.
   */
  checkpoint(events: TelemetryEvent[], nowMs = Date.now()): void {
    if (events.length === 0) {
      this.#db.query("DELETE FROM cache_entries WHERE key = ?").run(CHECKPOINT_KEY);
      return;
    }
    this.#db.query("INSERT OR REPLACE INTO cache_entries (key, value, updated_at) VALUES (?, ?, ?)").run(
      CHECKPOINT_KEY,
      JSON.stringify(events),
      new Date(nowMs).toISOString(),
    );
  }

  /**
   * After a run that did not shut down cleanly: records the checkpointed session end (and the plays
   * it closes) as events, and clears it. Returns how many it recorded.
   */
  recoverCheckpoint(nowMs = Date.now()): number {
    return this.#db.transaction(() => {
      const row = this.#db.query<{ value: string }, [string]>("SELECT value FROM cache_entries WHERE key = ?")
        .get(CHECKPOINT_KEY);
      if (!row) return 0;
      this.#db.query("DELETE FROM cache_entries WHERE key = ?").run(CHECKPOINT_KEY);
      const events = JSON.parse(row.value) as TelemetryEvent[];
      for (const event of events) this.record(event, nowMs);
      return events.length;
    })();
  }

  stats(): OutboxStats {
    const events = this.#db.query<{ n: number; bytes: number | null }, []>(
      "SELECT COUNT(*) AS n, SUM(length(body)) AS bytes FROM telemetry_events",
    ).get()!;
    const batches = this.#db.query<{ n: number; bytes: number | null }, []>(
      "SELECT COUNT(*) AS n, SUM(length(body)) AS bytes FROM telemetry_outbox",
    ).get()!;
    return {
      pendingEvents: events.n,
      batches: batches.n,
      bytes: (events.bytes ?? 0) + (batches.bytes ?? 0),
    };
  }

  /** Events of a controller that could not seal them (no serial yet) age out like batches. */
  #dropStaleEvents(nowMs: number): TelemetryEvent | null {
    const cutoff = nowMs - this.#maxAgeMs;
    const stale = this.#db.query<{ n: number; oldest: number | null }, [number]>(
      "SELECT COUNT(*) AS n, MIN(recorded_at) AS oldest FROM telemetry_events WHERE recorded_at < ?",
    ).get(cutoff)!;
    if (stale.n === 0 || stale.oldest === null) return null;
    this.#db.query("DELETE FROM telemetry_events WHERE recorded_at < ?").run(cutoff);
    const event: TelemetryEvent = {
      kind: "outbox_drop",
      ts: new Date(nowMs).toISOString(),
      reason: "age",
      droppedBatches: 0,
      droppedEvents: stale.n,
      oldestDroppedAt: new Date(stale.oldest).toISOString(),
    };
    this.record(event, nowMs);
    return event;
  }

  #drop(reason: "age" | "size", rows: DroppedRow[], nowMs: number): TelemetryEvent {
    const remove = this.#db.query("DELETE FROM telemetry_outbox WHERE id = ?");
    for (const row of rows) remove.run(row.id);
    const event: TelemetryEvent = {
      kind: "outbox_drop",
      ts: new Date(nowMs).toISOString(),
      reason,
      droppedBatches: rows.length,
      droppedEvents: rows.reduce((sum, row) => sum + row.event_count, 0),
      oldestDroppedAt: new Date(rows[0].created_at).toISOString(),
    };
    this.record(event, nowMs);
    return event;
  }

  /** One batch of `events` (JSON texts), halved until its gzip fits the portal's body limit. */
  #encode(
    serial: string,
    events: string[],
    nowMs: number,
  ): { batchId: string; body: Uint8Array; eventCount: number }[] {
    const batchId = this.#newId();
    const batch: Omit<TelemetryBatch, "events"> = {
      v: TELEMETRY_SCHEMA_VERSION,
      batchId,
      serial,
      sentAt: new Date(nowMs).toISOString(),
    };
    const json = `${JSON.stringify(batch).slice(0, -1)},"events":[${events.join(",")}]}`;
    const body = new Uint8Array(gzipSync(json));
    if (body.length <= MAX_BATCH_BODY_BYTES || events.length === 1) {
      return [{ batchId, body, eventCount: events.length }];
    }
    const half = Math.ceil(events.length / 2);
    return [
      ...this.#encode(serial, events.slice(0, half), nowMs),
      ...this.#encode(serial, events.slice(half), nowMs),
    ];
  }
}

interface DroppedRow {
  id: number;
  created_at: number;
  event_count: number;
}

/** Splits pending events into runs that fit one batch's event count and JSON size. */
function chunkEvents<T extends { body: string }>(rows: T[]): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = ENVELOPE_BYTES;
  for (const row of rows) {
    const size = row.body.length + 1;
    if (
      current.length > 0 && (current.length >= MAX_EVENTS_PER_BATCH || bytes + size > MAX_BATCH_JSON_BYTES)
    ) {
      chunks.push(current);
      current = [];
      bytes = ENVELOPE_BYTES;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
