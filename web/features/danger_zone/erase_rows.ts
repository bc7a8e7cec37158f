/**
 * @module Deletes the rows `withCascadedRows` found. It does not lean on SQLite's foreign-key actions
 * (they only run on connections where the `foreign_keys` pragma is on): references that the schema
 * declares ON DELETE SET NULL are cleared here, and tables are emptied children first.
 */
import {
  childrenFirst,
  chunks,
  placeholders,
  quoteIdentifier,
  type SqlExecutor,
  type TableShape,
  type UserRows,
} from "./user_rows.ts";

/**
 * Removes every found row; run it in the same write transaction that found them.
 *
 * @example
 * const tx = await client.transaction("write");
 * const shapes = await readTableShapes(tx);
 * const own = await findOwnedRows(tx, shapes, declarations, who);
 * await eraseUserRows(tx, shapes, await withCascadedRows(tx, shapes, own));
 * await tx.commit();
 */
export async function eraseUserRows(sql: SqlExecutor, shapes: TableShape[], rows: UserRows): Promise<number> {
  for (const child of shapes) {
    for (const key of child.foreignKeys) {
      if (key.onDelete !== "SET NULL") continue;
      for (const chunk of chunks(rows.get(key.parentTable) ?? [])) {
        await sql.execute({
          sql: `UPDATE ${quoteIdentifier(child.name)} SET ${quoteIdentifier(key.column)} = NULL WHERE ${
            quoteIdentifier(key.column)
          } IN (SELECT ${quoteIdentifier(key.parentColumn)} FROM ${
            quoteIdentifier(key.parentTable)
          } WHERE rowid IN (${placeholders(chunk.length)}))`,
          args: chunk,
        });
      }
    }
  }
  let deleted = 0;
  for (const shape of childrenFirst(shapes)) {
    for (const chunk of chunks(rows.get(shape.name) ?? [])) {
      const result = await sql.execute({
        sql: `DELETE FROM ${quoteIdentifier(shape.name)} WHERE rowid IN (${placeholders(chunk.length)})`,
        args: chunk,
      });
      deleted += result.rowsAffected;
    }
  }
  return deleted;
}
