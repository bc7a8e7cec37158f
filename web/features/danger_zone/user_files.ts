/**
 * @module Finds the stored files a user's rows point at. Convention: a text column whose name ends
 * in `_key` holds a storage key (`profile_picture_key`), and a sibling column ending in `_type`
 * (`profile_picture_type`) holds its content type. Features that store files follow it and their
 * files are exported and deleted with the account without further wiring.
 */
import { chunks, placeholders, quoteIdentifier, type SqlExecutor, type UserRows } from "./user_rows.ts";

/** A file in storage that one of the user's rows names. */
export interface FileReference {
  key: string;
  contentType: string;
}

const FALLBACK_CONTENT_TYPE = "application/octet-stream";

/**
 * Lists the storage keys held by the given rows, without duplicates.
 *
 * @example
 * for (const file of await findUserFiles(tx, rows)) await storage.delete(file.key);
 */
export async function findUserFiles(sql: SqlExecutor, rows: UserRows): Promise<FileReference[]> {
  const files = new Map<string, FileReference>();
  for (const [table, rowids] of rows) {
    for (const chunk of chunks(rowids)) {
      const result = await sql.execute({
        sql: `SELECT * FROM ${quoteIdentifier(table)} WHERE rowid IN (${placeholders(chunk.length)})`,
        args: chunk,
      });
      const keyColumns = result.columns.filter((column) => column.endsWith("_key"));
      for (const row of result.rows) {
        for (const column of keyColumns) {
          const key = row[column];
          if (typeof key !== "string" || key === "" || files.has(key)) continue;
          const type = row[`${column.slice(0, -"_key".length)}_type`];
          files.set(key, {
            key,
            contentType: typeof type === "string" && type ? type : FALLBACK_CONTENT_TYPE,
          });
        }
      }
    }
  }
  return [...files.values()];
}
