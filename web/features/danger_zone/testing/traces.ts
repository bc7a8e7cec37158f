/**
 * @module Test support: scans every column of every table for a user's id or email, anywhere in the
 * value. Stricter than deletion's own matching on purpose, so a test built on it notices data that
 * deletion missed, including in tables added after the test was written.
 */
import { quoteIdentifier, readTableShapes, type SqlExecutor } from "../user_rows.ts";

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

/** How many rows of a table mention someone, and a checksum over their full contents. */
export interface TableFootprint {
  rows: number;
  sha256: string;
}

/**
 * Per table, the rows in which any cell contains one of `needles` (case-insensitively), counted and
 * checksummed over every column, so a test sees a row of someone else's that was deleted or changed.
 * Rows that also mention one of `except` are left out (rows that rightly go with another account).
 *
 * @example
 * const before = await footprintOf(client, [ben.id, ben.email]);
 * // … delete Ana …
 * assert.deepEqual(await footprintOf(client, [ben.id, ben.email]), before);
 */
export async function footprintOf(
  sql: SqlExecutor,
  needles: string[],
  except: string[] = [],
): Promise<Record<string, TableFootprint>> {
  const footprint: Record<string, TableFootprint> = {};
  for (const shape of await readTableShapes(sql)) {
    const result = await sql.execute(`SELECT * FROM ${quoteIdentifier(shape.name)}`);
    const mentions = (text: string, list: string[]) => list.some((n) => text.includes(n.toLowerCase()));
    const rows = result.rows
      .map((row) => JSON.stringify(result.columns.map((column) => cellText(row[column]))))
      .filter((text) => mentions(text.toLowerCase(), needles) && !mentions(text.toLowerCase(), except))
      .sort();
    if (rows.length === 0) continue;
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(rows.join("\n")));
    footprint[shape.name] = {
      rows: rows.length,
      sha256: Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(""),
    };
  }
  return footprint;
}

function cellText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof ArrayBuffer) return [...new Uint8Array(value)].join(",");
  return String(value);
}
