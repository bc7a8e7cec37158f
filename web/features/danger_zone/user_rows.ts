/**
 * @module Finds every database row that belongs to one user, for any set of tables.
 * The schema is read from SQLite itself (sqlite_master, table_info, foreign_key_list), so tables that
 * later features add are covered without touching this file. A row belongs to the user when it is
 * the user's own row, has a `user_id` column holding the user's id, stores the user's email or id in
 * a text column that is not a foreign key (alone, or as the last part of a key such as
 * `signin:account:EMAIL` or `verify:user:ID`), or hangs off a row that belongs to the user through an
 * ON DELETE CASCADE foreign key (the schema's own statement that the child cannot outlive its parent).
 */
import type { InStatement, ResultSet } from "@libsql/client";

/** Anything that runs SQL: a libSQL client or one of its transactions. */
export interface SqlExecutor {
  execute(statement: InStatement): Promise<ResultSet>;
}

/** Who the rows are searched for. */
export interface UserIdentity {
  /** Name of the accounts table (its primary key column is `id`). */
  usersTable: string;
  id: string;
  email: string;
}

/** One column of a table as SQLite declares it. */
export interface ColumnShape {
  name: string;
  type: string;
}

/** A foreign key from a column of this table to a column of a parent table. */
export interface ForeignKey {
  column: string;
  parentTable: string;
  parentColumn: string;
  /** The declared ON DELETE action; CASCADE says the child row cannot outlive its parent row. */
  onDelete: "CASCADE" | "SET NULL" | "SET DEFAULT" | "RESTRICT" | "NO ACTION";
}

/** What this module needs to know about a table. */
export interface TableShape {
  name: string;
  columns: ColumnShape[];
  foreignKeys: ForeignKey[];
}

/** Rowids of the user's rows, per table name, in the order the tables were discovered. */
export type UserRows = Map<string, number[]>;

/** Quotes an SQLite identifier so any table or column name is safe inside SQL text. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Lists the application's tables (SQLite's and drizzle's bookkeeping tables excluded).
 *
 * @example
 * const shapes = await readTableShapes(client);
 */
export async function readTableShapes(sql: SqlExecutor): Promise<TableShape[]> {
  const tables = await sql.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' " +
      "AND name NOT LIKE '\\_\\_%' ESCAPE '\\' AND name NOT LIKE 'libsql\\_%' ESCAPE '\\' ORDER BY name",
  );
  const shapes: TableShape[] = [];
  for (const row of tables.rows) {
    const name = String(row.name);
    const columns = await sql.execute(`SELECT name, type FROM pragma_table_info(${quoteLiteral(name)})`);
    const keys = await sql.execute(
      `SELECT "from", "table", "to", on_delete FROM pragma_foreign_key_list(${quoteLiteral(name)})`,
    );
    shapes.push({
      name,
      columns: columns.rows.map((c) => ({ name: String(c.name), type: String(c.type).toLowerCase() })),
      foreignKeys: keys.rows.map((k) => ({
        column: String(k.from),
        parentTable: String(k.table),
        parentColumn: k.to === null ? "rowid" : String(k.to),
        onDelete: String(k.on_delete).toUpperCase() as ForeignKey["onDelete"],
      })),
    });
  }
  return shapes;
}

/**
 * Collects the rowids of every row that belongs to the user, following cascade links until no new
 * rows turn up.
 *
 * @example
 * const rows = await findUserRows(tx, await readTableShapes(tx), { usersTable: "users", id, email });
 */
export async function findUserRows(
  sql: SqlExecutor,
  shapes: TableShape[],
  who: UserIdentity,
): Promise<UserRows> {
  const email = who.email.toLowerCase();
  const found = new Map<string, Set<number>>();
  const add = (table: string, rowids: number[]) => {
    const set = found.get(table) ?? new Set<number>();
    const before = set.size;
    for (const rowid of rowids) set.add(rowid);
    found.set(table, set);
    return set.size > before;
  };

  for (const shape of shapes) {
    const conditions: string[] = [];
    const args: (string | number)[] = [];
    if (shape.name === who.usersTable) {
      conditions.push(`"id" = ?`);
      args.push(who.id);
    }
    for (const column of shape.columns) {
      if (column.name === "user_id") {
        conditions.push(`${quoteIdentifier(column.name)} = ?`);
        args.push(who.id);
      } else if (column.type.startsWith("text") || column.type === "") {
        const name = quoteIdentifier(column.name);
        conditions.push(`lower(${name}) = ?`, `lower(substr(${name}, ?)) = ?`);
        args.push(email, -(email.length + 1), `:${email}`);
        // A declared foreign key says itself what the reference means (cascade or set null).
        if (shape.foreignKeys.some((key) => key.column === column.name)) continue;
        conditions.push(`${name} = ?`, `substr(${name}, ?) = ?`);
        args.push(who.id, -(who.id.length + 1), `:${who.id}`);
      }
    }
    if (conditions.length === 0) continue;
    const result = await sql.execute({
      sql: `SELECT rowid AS rowid FROM ${quoteIdentifier(shape.name)} WHERE ${conditions.join(" OR ")}`,
      args,
    });
    add(shape.name, result.rows.map((r) => Number(r.rowid)));
  }

  let grew = true;
  while (grew) {
    grew = false;
    for (const child of shapes) {
      for (const link of child.foreignKeys.filter((key) => key.onDelete === "CASCADE")) {
        const parentRowids = [...(found.get(link.parentTable) ?? [])];
        for (const chunk of chunks(parentRowids)) {
          const result = await sql.execute({
            sql: `SELECT rowid AS rowid FROM ${quoteIdentifier(child.name)} WHERE ${
              quoteIdentifier(link.column)
            } IN (SELECT ${quoteIdentifier(link.parentColumn)} FROM ${
              quoteIdentifier(link.parentTable)
            } WHERE rowid IN (${placeholders(chunk.length)}))`,
            args: chunk,
          });
          if (add(child.name, result.rows.map((r) => Number(r.rowid)))) grew = true;
        }
      }
    }
  }

  const ordered: UserRows = new Map();
  for (const shape of shapes) {
    const rowids = found.get(shape.name);
    if (rowids && rowids.size > 0) ordered.set(shape.name, [...rowids].sort((a, b) => a - b));
  }
  return ordered;
}

/**
 * Keeps only the rows that are the user's own. Deleting a user also deletes rows that merely hang off
 * theirs (another user's token for an app the deleted user owned), but those rows are about someone
 * else and stay out of the export: a row with a `user_id` naming somebody else is dropped.
 *
 * @example
 * const exportable = await ownRowsOnly(tx, shapes, rows, who);
 */
export async function ownRowsOnly(
  sql: SqlExecutor,
  shapes: TableShape[],
  rows: UserRows,
  who: UserIdentity,
): Promise<UserRows> {
  const own: UserRows = new Map();
  for (const [table, rowids] of rows) {
    const hasUserId = shapes.find((shape) => shape.name === table)?.columns.some((c) => c.name === "user_id");
    if (!hasUserId) {
      own.set(table, rowids);
      continue;
    }
    const kept: number[] = [];
    for (const chunk of chunks(rowids)) {
      const result = await sql.execute({
        sql: `SELECT rowid AS rowid FROM ${quoteIdentifier(table)} WHERE rowid IN (${
          placeholders(chunk.length)
        }) AND "user_id" = ?`,
        args: [...chunk, who.id],
      });
      kept.push(...result.rows.map((r) => Number(r.rowid)));
    }
    if (kept.length > 0) own.set(table, kept.sort((a, b) => a - b));
  }
  return own;
}

/**
 * Orders tables so that every table comes before the tables it references, which is the order in
 * which rows can be deleted without tripping a foreign key. Tables in a reference cycle keep their
 * discovery order.
 */
export function childrenFirst(shapes: TableShape[]): TableShape[] {
  const ordered: TableShape[] = [];
  const seen = new Set<string>();
  const visit = (shape: TableShape) => {
    if (seen.has(shape.name)) return;
    seen.add(shape.name);
    for (const referrer of shapes) {
      if (referrer.foreignKeys.some((key) => key.parentTable === shape.name)) visit(referrer);
    }
    ordered.push(shape);
  };
  for (const shape of shapes) visit(shape);
  return ordered;
}

/** SQLite caps the number of bound parameters per statement; stay far below it. */
const CHUNK = 500;

/** Splits a list into pieces small enough to bind as parameters. */
export function chunks<T>(items: T[]): T[][] {
  const pieces: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) pieces.push(items.slice(i, i + CHUNK));
  return pieces;
}

/** `?, ?, ?` for an IN list of the given length. */
export function placeholders(count: number): string {
  return Array.from({ length: count }, () => "?").join(", ");
}

function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
