/**
 * @module
 * The controller's local state in one `bun:sqlite` file under the data directory: device identity,
 * trusted accessories (the local whitelist), accessories seen, the consent log, the cloud track cache
 * index (controller/cloud/tracks/), the telemetry events not yet batched and the outbox of sealed batches
 * (controller/telemetry/outbox.ts), and a key/value cache. The schema is created on open (idempotent).
 */
import { Database } from "bun:sqlite";
import { chmodSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { AccessoryAssessment } from "../ocp/handshake_policy.ts";

const SCHEMA = `
CREATE TABLE IF NOT EXISTS identity (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  serial TEXT NOT NULL,
  model TEXT NOT NULL,
  firmware TEXT NOT NULL,
  public_key TEXT NOT NULL,
  private_key_path TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS trusted_accessories (
  serial TEXT PRIMARY KEY,
  trusted_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_accessories (
  serial TEXT PRIMARY KEY,
  model TEXT,
  firmware TEXT NOT NULL,
  compatibility TEXT NOT NULL,
  warnings TEXT NOT NULL,
  tags TEXT NOT NULL,
  last_seen TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS consent_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  ts TEXT NOT NULL,
  accessory_serial TEXT,
  action TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '',
  uploaded_at TEXT
);
CREATE TABLE IF NOT EXISTS telemetry_events (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  recorded_at INTEGER NOT NULL,
  body TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS telemetry_outbox (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  batch_id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  event_count INTEGER NOT NULL,
  body BLOB NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS cache_entries (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cloud_tracks (
  track_id TEXT PRIMARY KEY,
  metadata TEXT NOT NULL,
  format TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  cached INTEGER NOT NULL DEFAULT 0,
  last_used_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cloud_track_pages (
  query TEXT PRIMARY KEY,
  page TEXT NOT NULL,
  fetched_ms INTEGER NOT NULL
);
`;

export interface DeviceIdentity {
  serial: string;
  model: string;
  firmware: string;
  /** Raw Ed25519 public key, base64. */
  publicKey: string;
  privateKeyPath: string;
  createdAt: string;
}

export interface SeenAccessory {
  serial: string;
  model: string | null;
  firmware: string;
  compatibility: string;
  warnings: string[];
  tags: string[];
  lastSeen: string;
  trusted: boolean;
}

export interface ConsentEntry {
  id: number;
  ts: string;
  accessorySerial: string | null;
  action: string;
  detail: string;
}

export type ConsentAction = "trust" | "forget" | "continue_unverified" | "disconnect";

export class ControllerStore {
  readonly db: Database;
  readonly dataDir: string;
  /** The database file (`controller.db` in the data directory). */
  readonly file: string;
  #now: () => Date;

  constructor(dataDir: string, now: () => Date = () => new Date()) {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    this.dataDir = dataDir;
    this.#now = now;
    const file = join(dataDir, "controller.db");
    this.file = file;
    this.db = new Database(file, { create: true, strict: true });
    chmodSync(file, 0o600);
    // NORMAL: WAL commits without an fsync each (accessory bookkeeping must not stall the event loop);
    // the user's trust decisions are written with FULL durability (see #durably).
    this.db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 2000;");
    dropUnusedOutboxTable(this.db);
    this.db.exec(SCHEMA);
  }

  close(): void {
    this.db.close();
  }

  getIdentity(): DeviceIdentity | null {
    const row = this.db.query<Record<string, string>, []>("SELECT * FROM identity WHERE id = 1").get();
    if (!row) return null;
    return {
      serial: row.serial,
      model: row.model,
      firmware: row.firmware,
      publicKey: row.public_key,
      privateKeyPath: row.private_key_path,
      createdAt: row.created_at,
    };
  }

  saveIdentity(identity: DeviceIdentity): void {
    this.db.query(
      `INSERT OR REPLACE INTO identity (id, serial, model, firmware, public_key, private_key_path, created_at)
       VALUES (1, $serial, $model, $firmware, $publicKey, $privateKeyPath, $createdAt)`,
    ).run({ ...identity });
  }

  isTrusted(serial: string): boolean {
    return this.db.query("SELECT 1 FROM trusted_accessories WHERE serial = ?").get(serial) !== null;
  }

  /** Adds the accessory to the whitelist and writes the user's decision to the consent log. */
  trustAccessory(serial: string, detail = ""): void {
    const ts = this.#now().toISOString();
    this.#durably(() => {
      this.db.query("INSERT OR REPLACE INTO trusted_accessories (serial, trusted_at) VALUES (?, ?)").run(
        serial,
        ts,
      );
      this.#consent(ts, serial, "trust", detail);
    });
  }

  /** Removes the accessory from the whitelist; returns whether it was there. Logged either way. */
  forgetAccessory(serial: string, detail = ""): boolean {
    const ts = this.#now().toISOString();
    return this.#durably(() => {
      const removed =
        this.db.query("DELETE FROM trusted_accessories WHERE serial = ?").run(serial).changes > 0;
      this.#consent(ts, serial, "forget", detail);
      return removed;
    });
  }

  logConsent(serial: string | null, action: ConsentAction, detail = ""): void {
    this.#durably(() => this.#consent(this.#now().toISOString(), serial, action, detail));
  }

  consentLog(): ConsentEntry[] {
    return this.db.query<Record<string, string | number | null>, []>("SELECT * FROM consent_log ORDER BY id")
      .all()
      .map((row) => ({
        id: row.id as number,
        ts: row.ts as string,
        accessorySerial: row.accessory_serial as string | null,
        action: row.action as string,
        detail: row.detail as string,
      }));
  }

  recordSeen(assessment: AccessoryAssessment): void {
    // Accessories without a serial cannot be told apart or trusted, so they are not remembered.
    if (!assessment.serial) return;
    this.db.query(
      `INSERT OR REPLACE INTO seen_accessories (serial, model, firmware, compatibility, warnings, tags, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      assessment.serial,
      assessment.model,
      assessment.firmware,
      assessment.compatibility,
      JSON.stringify(assessment.warnings.map((w) => w.code)),
      JSON.stringify(assessment.tags),
      this.#now().toISOString(),
    );
  }

  /** Accessories seen or trusted, trusted-only ones included (trusted before they ever connected). */
  listAccessories(): SeenAccessory[] {
    const rows = this.db.query<Record<string, string | null>, []>(
      `SELECT t.serial AS serial, s.model, COALESCE(s.firmware, '') AS firmware,
              COALESCE(s.compatibility, '') AS compatibility, COALESCE(s.warnings, '[]') AS warnings,
              COALESCE(s.tags, '[]') AS tags, COALESCE(s.last_seen, '') AS last_seen, 1 AS trusted
         FROM trusted_accessories t LEFT JOIN seen_accessories s ON s.serial = t.serial
       UNION ALL
       SELECT s.serial, s.model, s.firmware, s.compatibility, s.warnings, s.tags, s.last_seen, 0
         FROM seen_accessories s WHERE s.serial NOT IN (SELECT serial FROM trusted_accessories)
       ORDER BY serial`,
    ).all();
    return rows.map((row) => ({
      serial: row.serial!,
      model: row.model,
      firmware: row.firmware!,
      compatibility: row.compatibility!,
      warnings: JSON.parse(row.warnings!),
      tags: JSON.parse(row.tags!),
      lastSeen: row.last_seen!,
      trusted: Number(row.trusted) === 1,
    }));
  }

  /** Runs `write` in one transaction that is fsynced before it returns. */
  #durably<T>(write: () => T): T {
    this.db.exec("PRAGMA synchronous = FULL");
    try {
      return this.db.transaction(write)();
    } finally {
      this.db.exec("PRAGMA synchronous = NORMAL");
    }
  }

  #consent(ts: string, serial: string | null, action: ConsentAction, detail: string): void {
    this.db.query("INSERT INTO consent_log (ts, accessory_serial, action, detail) VALUES (?, ?, ?, ?)").run(
      ts,
      serial,
      action,
      detail,
    );
  }
}

/**
 * Stores made before telemetry existed hold a first, never written `telemetry_outbox` without batch ids:
 * it is dropped so the schema can create the real one.
 */
function dropUnusedOutboxTable(db: Database): void {
  const columns = db.query<{ name: string }, []>("PRAGMA table_info(telemetry_outbox)").all();
  if (columns.length > 0 && !columns.some((column) => column.name === "batch_id")) {
    db.exec("DROP TABLE telemetry_outbox");
  }
}
