import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDb, openDb } from "./client.ts";
import { settleNativeDatabase } from "../testing/native_database.ts";

/** 32 characters, as LIBSQL_ENCRYPTION_KEY must be. */
const KEY = "dGVzdC1vbmx5LWtleS00YjFmMGM5ZTJk";
const MARKER = "MIXERA-AT-REST-MARKER-7f3a";

/** Every file SQLite keeps for the database (the WAL and its index only while they exist). */
function databaseFiles(path: string): Buffer[] {
  return [path, `${path}-wal`, `${path}-shm`].filter(existsSync).map((file) => readFileSync(file));
}

describe("encryption at rest (LIBSQL_ENCRYPTION_KEY)", () => {
  const dir = mkdtempSync(join(tmpdir(), "mixera-encrypted-"));
  after(async () => {
    await settleNativeDatabase();
    rmSync(dir, { recursive: true, force: true });
  });

  it("writes a file that is unreadable without the key and works with it", async () => {
    const path = join(dir, "encrypted.db");
    const db = await openDb(`file:${path}`, undefined, KEY);
    await migrateDb(db);
    await db.$client.execute({ sql: "CREATE TABLE secrets (value TEXT)", args: [] });
    await db.$client.execute({ sql: "INSERT INTO secrets VALUES (?)", args: [MARKER] });
    const whileOpen = databaseFiles(path);
    assert.ok(whileOpen.length >= 2, "the WAL exists while the database is open");
    for (const bytes of whileOpen) {
      assert.equal(bytes.includes(MARKER), false, "no plaintext in the file or WAL");
    }
    db.$client.close();

    const [file] = databaseFiles(path);
    assert.notEqual(file.subarray(0, 15).toString("latin1"), "SQLite format 3", "no SQLite header");
    assert.equal(file.includes(MARKER), false);
    assert.equal(file.includes("telemetry_batches"), false, "not even the schema is readable");

    await assert.rejects(openDb(`file:${path}`), /not a database/, "without the key");
    const another = `${KEY.slice(0, -1)}X`;
    await assert.rejects(openDb(`file:${path}`, undefined, another), /not a database/, "with another key");

    const reopened = await openDb(`file:${path}`, undefined, KEY);
    await migrateDb(reopened);
    const { rows } = await reopened.$client.execute("SELECT value FROM secrets");
    assert.deepEqual(rows.map((row) => row.value), [MARKER]);
    reopened.$client.close();
  });

  it("leaves a database without a key a plain SQLite file, which a key does not open", async () => {
    const path = join(dir, "plain.db");
    const db = await openDb(`file:${path}`);
    await db.$client.execute({ sql: "CREATE TABLE notes (value TEXT)", args: [] });
    db.$client.close();
    assert.equal(readFileSync(path).subarray(0, 15).toString("latin1"), "SQLite format 3");
    await assert.rejects(openDb(`file:${path}`, undefined, KEY), /not a database/);
  });

  it("refuses a key for a remote database", async () => {
    await assert.rejects(openDb("libsql://mixera.example.turso.io", "token", KEY), /file: database only/);
  });
});
