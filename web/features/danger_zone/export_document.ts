/**
 * @module Builds the "Export your data" JSON document: every row that belongs to the user, table by
 * table, and every file of theirs (small ones inlined, large ones listed). Hashes of secrets are part of what we store, so their rows are
 * exported, but the hash values themselves are replaced by "[redacted]": they are useless to the
 * user and an offline-guessing target if the file leaks.
 */
import { encodeBase64 } from "@oslojs/encoding";
import { chunks, placeholders, quoteIdentifier, type SqlExecutor, type UserRows } from "./user_rows.ts";

/** A JSON value as it appears in the export. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One stored file of the user: inlined when small, else listed (key, type and size) without its bytes. */
export interface ExportedFile {
  key: string;
  contentType: string;
  size: number;
  /** Absent for files larger than {@link INLINE_FILE_BYTES} (library tracks), which are only listed. */
  base64?: string;
}

/**
 * Files up to this size travel inside the export (profile pictures); larger ones (a library of tracks
 * can hold gigabytes) are listed, so the document stays small enough to build and download.
 */
export const INLINE_FILE_BYTES = 1024 * 1024;

/** The downloadable document. */
export interface UserExport {
  format: "mixera-user-export";
  version: 1;
  exportedAt: string;
  user: { id: string; email: string };
  tables: Record<string, Record<string, JsonValue>[]>;
  files: ExportedFile[];
}

/** Shown instead of a secret's hash. */
export const REDACTED = "[redacted]";

/** Columns holding a secret or the hash of one: password_hash, secret_hash, token_hash, totp_secret… */
export function isSecretColumn(column: string): boolean {
  return /(hash|secret|password|token)$/i.test(column);
}

/**
 * Reads the user's own rows (found by `findOwnedRows`) as plain JSON objects, secrets redacted.
 *
 * @example
 * const tables = await readRowsForExport(tx, await findOwnedRows(tx, shapes, declarations, who));
 */
export async function readRowsForExport(
  sql: SqlExecutor,
  rows: UserRows,
): Promise<Record<string, Record<string, JsonValue>[]>> {
  const tables: Record<string, Record<string, JsonValue>[]> = {};
  for (const [table, rowids] of rows) {
    const exported: Record<string, JsonValue>[] = [];
    for (const chunk of chunks(rowids)) {
      const result = await sql.execute({
        sql: `SELECT * FROM ${quoteIdentifier(table)} WHERE rowid IN (${placeholders(chunk.length)})`,
        args: chunk,
      });
      for (const row of result.rows) {
        const object: Record<string, JsonValue> = {};
        for (const column of result.columns) object[column] = exportValue(column, row[column]);
        exported.push(object);
      }
    }
    tables[table] = exported;
  }
  return tables;
}

/**
 * Assembles the export document.
 *
 * @example
 * const doc = buildUserExport({ user, tables, files, now: clock.now() });
 * return c.body(JSON.stringify(doc, null, 2), 200, { "content-disposition": exportDisposition(doc) });
 */
export function buildUserExport(parts: {
  user: { id: string; email: string };
  tables: Record<string, Record<string, JsonValue>[]>;
  files: { key: string; contentType: string; bytes: Uint8Array }[];
  /** Files listed without their bytes. */
  listedFiles?: { key: string; contentType: string; size: number }[];
  now: Date;
}): UserExport {
  return {
    format: "mixera-user-export",
    version: 1,
    exportedAt: parts.now.toISOString(),
    user: parts.user,
    tables: parts.tables,
    files: [
      ...parts.files.map((file) => ({
        key: file.key,
        contentType: file.contentType,
        size: file.bytes.length,
        base64: encodeBase64(file.bytes),
      })),
      ...(parts.listedFiles ?? []),
    ],
  };
}

/** `attachment; filename="mixera-export-2026-11-21.json"` for the download. */
export function exportDisposition(document: UserExport): string {
  return `attachment; filename="mixera-export-${document.exportedAt.slice(0, 10)}.json"`;
}

function exportValue(column: string, value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (isSecretColumn(column)) return REDACTED;
  if (typeof value === "bigint") return value.toString();
  if (value instanceof ArrayBuffer) return { base64: encodeBase64(new Uint8Array(value)) };
  if (value instanceof Uint8Array) return { base64: encodeBase64(value) };
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  return String(value);
}
