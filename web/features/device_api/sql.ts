/**
 * @module
 * Small bridges between drizzle and the raw libSQL batches the device API uses for its one-transaction
 * writes, and recognising the constraint errors it turns into `replayed_token`.
 */
import type { InStatement, InValue } from "@libsql/client";

/** A drizzle query as a libSQL statement, to put into a raw batch. */
export function toStatement(query: { toSQL(): { sql: string; params: unknown[] } }): InStatement {
  const { sql, params } = query.toSQL();
  return { sql, args: params as InValue[] };
}

/** True for a UNIQUE or PRIMARY KEY violation (libSQL reports them as SQLITE_CONSTRAINT_*). */
export function isUniqueViolation(error: unknown): boolean {
  const text = `${(error as { code?: string })?.code ?? ""} ${String(error)} ${
    String((error as { cause?: unknown })?.cause ?? "")
  }`;
  return /SQLITE_CONSTRAINT_(PRIMARYKEY|UNIQUE)|UNIQUE constraint failed/.test(text);
}
