import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@libsql/client";
import { StatementCacheClient } from "./statement_cache_client.ts";
import { groupedWriteBatch } from "./write_group.ts";

describe("groupedWriteBatch", () => {
  let dir: string;
  let client: Client;
  let transactions = 0;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "mixera-write-group-"));
    client = new StatementCacheClient(join(dir, "group.db"));
    await client.execute("CREATE TABLE codes (code TEXT PRIMARY KEY, used_by TEXT)");
    await client.execute("CREATE TABLE grants (code TEXT NOT NULL, holder TEXT NOT NULL UNIQUE)");
    const batch = client.batch.bind(client);
    client.batch = (statements, mode) => {
      transactions++;
      return batch(statements, mode);
    };
  });

  after(() => {
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Redeems `code` for `holder`: the grant is written only when this holder's UPDATE consumed it. */
  function redeem(code: string, holder: string) {
    return groupedWriteBatch(client, [
      {
        sql: "UPDATE codes SET used_by = ? WHERE code = ? AND used_by IS NULL RETURNING code",
        args: [holder, code],
      },
      {
        sql: "INSERT INTO grants SELECT code, ? FROM codes WHERE code = ? AND used_by = ?",
        args: [holder, code, holder],
      },
    ]);
  }

  it("runs the batches of one turn in one transaction, each seeing the writes before it", async () => {
    await client.execute("INSERT INTO codes (code) VALUES ('a'), ('b')");
    transactions = 0;
    const results = await Promise.all([redeem("a", "first"), redeem("a", "second"), redeem("b", "third")]);
    assert.equal(transactions, 1);
    assert.deepEqual(results.map(([consumed, inserted]) => [consumed.rows.length, inserted.rowsAffected]), [
      [1, 1],
      [0, 0],
      [1, 1],
    ]);
    const grants = await client.execute("SELECT holder FROM grants ORDER BY holder");
    assert.deepEqual(grants.rows.map((row) => row.holder), ["first", "third"]);
  });

  it("fails only the batch that fails: the others of its group commit", async () => {
    await client.execute("INSERT INTO codes (code) VALUES ('c'), ('d')");
    const duplicateHolder = groupedWriteBatch(client, [
      { sql: "INSERT INTO grants (code, holder) VALUES ('x', 'first')", args: [] },
    ]);
    const [good, bad] = await Promise.allSettled([
      redeem("c", "fourth"),
      duplicateHolder,
      redeem("d", "fifth"),
    ])
      .then((settled) => [settled[0].status + settled[2].status, settled[1].status]);
    assert.equal(good, "fulfilledfulfilled");
    assert.equal(bad, "rejected");
    const grants = await client.execute("SELECT holder FROM grants WHERE code IN ('c', 'd') ORDER BY holder");
    assert.deepEqual(grants.rows.map((row) => row.holder), ["fifth", "fourth"]);
  });

  it("rolls back a failed batch as a whole", async () => {
    await client.execute("INSERT INTO codes (code) VALUES ('e')");
    await assert.rejects(groupedWriteBatch(client, [
      { sql: "UPDATE codes SET used_by = 'sixth' WHERE code = 'e'", args: [] },
      { sql: "INSERT INTO grants (code, holder) VALUES ('e', 'first')", args: [] },
    ]));
    const code = await client.execute("SELECT used_by FROM codes WHERE code = 'e'");
    assert.equal(code.rows[0].used_by, null);
  });
});
