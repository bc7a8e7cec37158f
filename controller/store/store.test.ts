import { afterEach, describe, expect, test } from "bun:test";
import { Database } from "bun:sqlite";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AlreadyProvisionedError, provisionDevice, SERIAL_PATTERN } from "./identity.ts";
import { ControllerStore } from "./store.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function freshStore(now?: () => Date) {
  const dir = mkdtempSync(join(tmpdir(), "mixera-store-"));
  dirs.push(dir);
  return new ControllerStore(join(dir, "data"), now);
}

describe("controller store", () => {
  test("replaces the unused first telemetry outbox of an older store with the batch outbox", () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-store-"));
    dirs.push(dir);
    mkdirSync(join(dir, "data"));
    const old = new Database(join(dir, "data", "controller.db"));
    old.exec(`CREATE TABLE telemetry_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, created_at TEXT NOT NULL,
      body TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0)`);
    old.close();
    const store = new ControllerStore(join(dir, "data"));
    const columns = store.db.query<{ name: string }, []>("PRAGMA table_info(telemetry_outbox)").all();
    expect(columns.map((column) => column.name)).toContain("batch_id");
    store.close();
    const reopened = new ControllerStore(join(dir, "data"));
    expect(reopened.db.query("SELECT COUNT(*) AS n FROM telemetry_outbox").get()).toEqual({ n: 0 });
    reopened.close();
  });

  test("trust and forget write the whitelist and the consent log with timestamps", () => {
    const store = freshStore(() => new Date("2026-01-02T03:04:05Z"));
    expect(store.isTrusted("MXR-20250702-000001")).toBe(false);
    store.trustAccessory("MXR-20250702-000001", "cli");
    expect(store.isTrusted("MXR-20250702-000001")).toBe(true);
    expect(store.forgetAccessory("MXR-20250702-000001")).toBe(true);
    expect(store.forgetAccessory("MXR-20250702-000001")).toBe(false);
    expect(store.isTrusted("MXR-20250702-000001")).toBe(false);
    store.logConsent(null, "continue_unverified", "amber prompt accepted");
    expect(store.consentLog().map((e) => [e.ts, e.accessorySerial, e.action])).toEqual([
      ["2026-01-02T03:04:05.000Z", "MXR-20250702-000001", "trust"],
      ["2026-01-02T03:04:05.000Z", "MXR-20250702-000001", "forget"],
      ["2026-01-02T03:04:05.000Z", "MXR-20250702-000001", "forget"],
      ["2026-01-02T03:04:05.000Z", null, "continue_unverified"],
    ]);
    store.close();
  });

  test("lists seen and trusted accessories together", () => {
    const store = freshStore();
    store.recordSeen({
      serial: "MXR-20250702-000001",
      model: "MXR-FADER-4",
      firmware: "1.0.0",
      protocolVersion: "1.0",
      compatibility: "FULL",
      warnings: [{ code: "W004", message: "uncertified_certificate" }],
      enabledFeatures: [],
      tags: ["untrusted_accessory"],
      amberWarning: "x",
    });
    store.trustAccessory("MXR-20250703-000002");
    const list = store.listAccessories();
    expect(list.map((a) => [a.serial, a.trusted, a.warnings])).toEqual([
      ["MXR-20250702-000001", false, ["W004"]],
      ["MXR-20250703-000002", true, []],
    ]);
    store.close();
  });

  test("provisioning creates a serial, an owner-only Ed25519 key, and refuses to overwrite without force", async () => {
    const store = freshStore();
    const identity = await provisionDevice(store, { firmware: "0.1.0" });
    expect(identity.serial).toMatch(SERIAL_PATTERN);
    expect(Buffer.from(identity.publicKey, "base64")).toHaveLength(32);
    expect(statSync(identity.privateKeyPath).mode & 0o777).toBe(0o600);
    expect(statSync(join(store.dataDir, "identity")).mode & 0o777).toBe(0o700);
    expect(readFileSync(identity.privateKeyPath, "utf8")).toStartWith("-----BEGIN PRIVATE KEY-----");
    expect(store.getIdentity()).toEqual(identity);
    expect(provisionDevice(store, { firmware: "0.1.0" })).rejects.toBeInstanceOf(AlreadyProvisionedError);
    const replaced = await provisionDevice(store, {
      firmware: "0.1.0",
      force: true,
      serial: "MXR-20260101-000042",
    });
    expect(replaced.publicKey).not.toBe(identity.publicKey);
    store.close();
  });
});
