import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { migrateDb, openDb } from "./client.ts";
import { StatementCacheClient } from "./statement_cache_client.ts";

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
      assert.ok(db.$client instanceof StatementCacheClient, "file: databases keep prepared statements");
      await db.transaction(async (tx) => {
        const inside = await tx.run(sql`SELECT * FROM pragma_foreign_keys, pragma_busy_timeout`);
        assert.deepEqual(
          [inside.rows[0][0], inside.rows[0][1]],
          [1, 5000],
          "transactions get the PRAGMAs too",
        );
        await tx.run(sql`CREATE TABLE scratch (id INTEGER)`);
        tx.rollback();
      }).catch((error) => assert.equal(error.constructor.name, "TransactionRollbackError"));
      const scratch = await db.$client.execute("SELECT name FROM sqlite_master WHERE name = 'scratch'");
      assert.equal(scratch.rows.length, 0, "the rolled-back transaction left nothing");
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

  it("documents every trigger of the migrated database in web/db/README.md and beside its table", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mixera-db-"));
    try {
      const db = await openDb(`file:${join(dir, "portal.db")}`);
      await migrateDb(db);
      const triggers = await db.$client.execute(
        "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'",
      );
      db.$client.close();
      assert.ok(triggers.rows.length > 0, "the migrations define triggers");
      const readme = readFileSync(new URL("./README.md", import.meta.url), "utf8");
      const section = readme.slice(readme.indexOf("## Triggers"));
      const schemaDir = new URL("./schema/", import.meta.url);
      const schemaText = readdirSync(schemaDir).map((file) => readFileSync(new URL(file, schemaDir), "utf8"))
        .join("\n");
      for (const { name } of triggers.rows) {
        assert.ok(section.includes(`\`${name}\``), `README.md's Triggers section names ${name}`);
        assert.ok(schemaText.includes(`\`${name}\``), `a schema file names ${name}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
