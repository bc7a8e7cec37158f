/**
 * @module Test support: scans every column of every table for a user's id or email, anywhere in the
 * value. Stricter than deletion's own matching on purpose, so a test built on it notices data that
 * deletion missed, including in tables added after the test was written.
 */
import { quoteIdentifier, readTableShapes, type SqlExecutor } from "./user_rows.ts";

/** One place where a user's id or email still appears. */
export interface Trace {
  table: string;
  column: string;
  value: string;
}

/**
 * Every cell, in any table, whose text contains one of `needles` (compared case-insensitively).
 *
 * @example
 * assert.deepEqual(await findTraces(client, [user.id, user.email]), []);
 */
export async function findTraces(sql: SqlExecutor, needles: string[]): Promise<Trace[]> {
  const traces: Trace[] = [];
  for (const shape of await readTableShapes(sql)) {
    for (const column of shape.columns) {
      const name = quoteIdentifier(column.name);
      for (const needle of needles) {
        const result = await sql.execute({
          sql: `SELECT CAST(${name} AS TEXT) AS value FROM ${
            quoteIdentifier(shape.name)
          } WHERE instr(lower(CAST(${name} AS TEXT)), lower(?)) > 0`,
          args: [needle],
        });
        for (const row of result.rows) {
          traces.push({ table: shape.name, column: column.name, value: String(row.value) });
        }
      }
    }
  }
  return traces;
}
