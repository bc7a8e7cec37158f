import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrateDb, openDb } from "./client.ts";

describe("openDb", () => {
  it("opens file: URLs with the embedded engine, creating the directory, and migrates idempotently", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-db-"));
    try {
      const db = await openDb(`file:${join(dir, "nested", "portal.db")}`);
      assert.equal(db.$client.protocol, "file");
      await migrateDb(db);
      await migrateDb(db);
      const tables = await db.$client.execute("SELECT name FROM sqlite_master WHERE type = 'table'");
      const names = tables.rows.map((row) => row.name);
      for (const table of ["users", "sessions", "email_verification_codes", "password_reset_tokens"]) {
        assert.ok(names.includes(table), table);
      }
      const foreignKeys = await db.$client.execute("PRAGMA foreign_keys");
      assert.equal(Number(foreignKeys.rows[0][0]), 1);
      db.$client.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("uses the fetch-only client for libsql:// and https:// URLs", async () => {
    for (const url of ["libsql://mixera.example.turso.io", "https://mixera.example.turso.io"]) {
      const db = await openDb(url, "token");
      assert.notEqual(db.$client.protocol, "file", url);
      db.$client.close();
    }
  });
});
