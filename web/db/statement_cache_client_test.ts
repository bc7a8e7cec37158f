import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient, LibsqlBatchError, LibsqlError, type ResultSet } from "@libsql/client";
import { StatementCacheClient } from "./statement_cache_client.ts";
import { settleNativeDatabase } from "../testing/native_database.ts";

describe("StatementCacheClient", () => {
  let dir: string;
  let client: StatementCacheClient;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mixera-stmt-cache-"));
    client = new StatementCacheClient(join(dir, "test.db"), 4);
    await client.executeMultiple(`
      CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, weight REAL, data BLOB, big INTEGER);
      CREATE TABLE parents (id INTEGER PRIMARY KEY);
      CREATE TABLE children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parents(id) ON DELETE CASCADE);
    `);
  });
  after(async () => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });

  it("returns rows readable by position and name, with columns, types and insert ids", async () => {
    const insert = await client.execute({
      sql: "INSERT INTO things (name, weight, data, big) VALUES (?, ?, ?, ?)",
      args: ["deck", 1.5, new Uint8Array([1, 2, 3]).buffer, 42n],
    });
    assert.equal(insert.rowsAffected, 1);
    assert.equal(typeof insert.lastInsertRowid, "bigint");
    const result = await client.execute({
      sql: "SELECT * FROM things WHERE id = ?",
      args: [insert.lastInsertRowid!],
    });
    assert.deepEqual(result.columns, ["id", "name", "weight", "data", "big"]);
    assert.deepEqual(result.columnTypes, ["INTEGER", "TEXT", "REAL", "BLOB", "INTEGER"]);
    assert.equal(result.lastInsertRowid, undefined);
    const [row] = result.rows;
    assert.equal(row.length, 5);
    assert.equal(row[1], "deck");
    assert.equal(row.name, "deck");
    assert.equal(row.weight, 1.5);
    assert.equal(row.big, 42, "integers come back as numbers (intMode number)");
    assert.ok(row.data instanceof ArrayBuffer, "blobs come back as ArrayBuffer");
    assert.deepEqual([...new Uint8Array(row.data as ArrayBuffer)], [1, 2, 3]);
    assert.deepEqual(Object.keys(row), ["id", "name", "weight", "data", "big"], "only names are enumerable");
    assert.deepEqual(result.toJSON().rows[0].slice(1, 3), ["deck", 1.5]);
  });

  it("matches @libsql/client on nulls, booleans, dates, named arguments and unsafe integers", async () => {
    const reference = createClient({ url: `file:${join(dir, "test.db")}` });
    try {
      const queries = [
        { sql: "SELECT NULL AS n, ? AS t, ? AS f, ? AS d", args: [true, false, new Date(1_700_000_000_000)] },
        { sql: "SELECT :a AS a, $b AS b, @c AS c", args: { a: 1, $b: "two", "@c": null } },
        { sql: "SELECT 1 AS one WHERE 0", args: [] },
      ];
      for (const query of queries) {
        const ours = await client.execute(query);
        const theirs = await reference.execute(query);
        assert.deepEqual(ours.toJSON(), theirs.toJSON(), query.sql);
        assert.deepEqual({ ...ours.rows[0] }, { ...theirs.rows[0] }, query.sql);
      }
      await assert.rejects(client.execute("SELECT 9007199254740993 AS big"), RangeError);
      await assert.rejects(client.execute({ sql: "SELECT ?", args: [Number.NaN] }), RangeError);
    } finally {
      reference.close();
    }
  });

  it("reads rows like @libsql/client's: duplicate and awkward column names, slicing, keys", async () => {
    const reference = createClient({ url: `file:${join(dir, "test.db")}` });
    try {
      for (
        const sql of [
          "SELECT 1 AS a, 2 AS a, 3 AS b",
          'SELECT 1 AS "length", 2 AS "0", 3 AS "__proto__", 4 AS "constructor"',
          "SELECT 'x' AS name, NULL AS gap",
        ]
      ) {
        const [ours] = (await client.execute(sql)).rows;
        const [theirs] = (await reference.execute(sql)).rows;
        assert.deepEqual(Array.prototype.slice.call(ours), Array.prototype.slice.call(theirs), sql);
        assert.deepEqual(Object.keys(ours), Object.keys(theirs), sql);
        assert.deepEqual(JSON.stringify(ours), JSON.stringify(theirs), sql);
        assert.equal(ours.length, theirs.length, sql);
        for (const key of Object.keys(theirs)) assert.equal(ours[key], theirs[key], `${sql}: ${key}`);
      }
    } finally {
      reference.close();
    }
  });

  it("reports SQL errors as LibsqlError with SQLite codes", async () => {
    const error = await client.execute("INSERT INTO children (parent_id) VALUES (999)").catch((e) => e);
    assert.ok(error instanceof LibsqlError);
    assert.equal(error.code, "SQLITE_CONSTRAINT", "foreign keys are on");
    const syntax = await client.execute("SELEC nonsense").catch((e) => e);
    assert.ok(syntax instanceof LibsqlError);
    assert.equal(syntax.code, "SQLITE_ERROR");
  });

  it("applies the per-connection PRAGMAs to every connection, transactions included", async () => {
    const pragmas =
      "SELECT * FROM pragma_foreign_keys, pragma_busy_timeout, pragma_synchronous, pragma_journal_mode";
    const main = (await client.execute(pragmas)).rows[0];
    assert.deepEqual([...Array.from({ length: 4 }, (_, i) => main[i])], [1, 5000, 1, "wal"]);
    const tx = await client.transaction("read");
    const inTx = (await tx.execute(pragmas)).rows[0];
    await tx.commit();
    assert.deepEqual([...Array.from({ length: 4 }, (_, i) => inTx[i])], [1, 5000, 1, "wal"]);
  });

  it("commits and rolls back interactive transactions on their own connection", async () => {
    await client.execute("DELETE FROM things");
    const tx = await client.transaction("write");
    await tx.execute({ sql: "INSERT INTO things (name) VALUES (?)", args: ["kept"] });
    assert.equal(
      (await client.execute("SELECT count(*) FROM things")).rows[0][0],
      0,
      "not visible outside yet",
    );
    await tx.commit();
    assert.equal(tx.closed, true);
    await assert.rejects(tx.execute("SELECT 1"), (e: LibsqlError) => e.code === "TRANSACTION_CLOSED");

    const dropped = await client.transaction("write");
    await dropped.batch([{ sql: "INSERT INTO things (name) VALUES (?)", args: ["dropped"] }]);
    await dropped.rollback();
    const abandoned = await client.transaction("write");
    await abandoned.execute({ sql: "INSERT INTO things (name) VALUES (?)", args: ["abandoned"] });
    abandoned.close();
    const names = (await client.execute("SELECT name FROM things")).rows.map((row) => row.name);
    assert.deepEqual(names, ["kept"]);
  });

  it("runs a batch atomically: a failing statement undoes the ones before it", async () => {
    await client.execute("DELETE FROM things");
    const ok = await client.batch([
      { sql: "INSERT INTO things (name) VALUES (?)", args: ["a"] },
      ["INSERT INTO things (name) VALUES (?)", ["b"]],
      "SELECT name FROM things ORDER BY name",
    ], "write");
    assert.deepEqual(ok.map((r: ResultSet) => r.rows.length), [0, 0, 2]);
    const error = await client.batch([
      { sql: "INSERT INTO things (name) VALUES (?)", args: ["c"] },
      "INSERT INTO children (parent_id) VALUES (404)",
    ]).catch((e) => e);
    assert.ok(error instanceof LibsqlBatchError);
    assert.equal(error.statementIndex, 1);
    assert.equal((await client.execute("SELECT count(*) AS n FROM things")).rows[0].n, 2);
    assert.equal((await client.execute("SELECT 1")).rows[0][0], 1, "the connection is usable afterwards");
  });

  it("keeps at most its bound of prepared statements and stays correct past it", async () => {
    for (let i = 0; i < 10; i++) {
      const result = await client.execute({ sql: `SELECT ? + ${i} AS v`, args: [i] });
      assert.equal(result.rows[0].v, 2 * i);
    }
    assert.equal(client.cachedStatements, 4);
    for (let i = 0; i < 3; i++) {
      assert.equal((await client.execute({ sql: "SELECT ? AS v", args: [i] })).rows[0].v, i, "reuse rebinds");
    }
  });

  it("refuses work once closed", async () => {
    const other = new StatementCacheClient(join(dir, "other.db"));
    other.close();
    assert.equal(other.closed, true);
    await assert.rejects(other.execute("SELECT 1"), (e: LibsqlError) => e.code === "CLIENT_CLOSED");
    await assert.rejects(other.transaction(), (e: LibsqlError) => e.code === "CLIENT_CLOSED");
  });
});
