/**
 * @module Finds the database rows of one user. Which rows are theirs comes from the tables'
 * declarations (user_data.ts), never from what a column happens to contain: a display name or an app
 * description that equals someone's address makes no row theirs. The schema itself (sqlite_master,
 * table_info, foreign_key_list) is read from SQLite, for the foreign keys that deletion follows.
 */
import type { InStatement, ResultSet } from "@libsql/client";
import type { Ownership, UserDataDeclarations } from "./user_data.ts";

/** Anything that runs SQL: a libSQL client or one of its transactions. */
export interface SqlExecutor {
  execute(statement: InStatement): Promise<ResultSet>;
}

/** Who the rows are searched for. */
export interface UserIdentity {
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
 * The user's own rows, as the declarations say: the account row, rows whose owner column names
 * the user, rows keyed to their id or address, and rows that hang off any of those through a
 * declared parent column. This is what export shows; see `withCascadedRows` for what deletion removes.
 *
 * @example
 * const own = await findOwnedRows(tx, shapes, declaredUserData(), { id, email });
 */
export async function findOwnedRows(
  sql: SqlExecutor,
  shapes: TableShape[],
  declarations: UserDataDeclarations,
  who: UserIdentity,
): Promise<UserRows> {
  const found = new RowSet();
  for (const shape of shapes) {
    const ownership = declarations.get(shape.name);
    const seed = ownership && seedCondition(ownership, who);
    if (!seed) continue;
    const result = await sql.execute({
      sql: `SELECT rowid AS rowid FROM ${quoteIdentifier(shape.name)} WHERE ${seed.sql}`,
      args: seed.args,
    });
    found.add(shape.name, result.rows.map((r) => Number(r.rowid)));
  }
  const parentLinks = shapes.flatMap((shape) => {
    const ownership = declarations.get(shape.name);
    if (ownership?.kind !== "owned through parent") return [];
    return shape.foreignKeys.filter((key) => key.column === ownership.column).map((key) => ({
      child: shape,
      key,
    }));
  });
  await followLinks(sql, parentLinks, found);
  return found.ordered(shapes);
}

/**
 * The owned rows plus every row the schema deletes with them (ON DELETE CASCADE, to any depth):
 * another user's token for an app the deleted user owned cannot outlive the app.
 *
 * @example
 * const doomed = await withCascadedRows(tx, shapes, own);
 */
export async function withCascadedRows(
  sql: SqlExecutor,
  shapes: TableShape[],
  owned: UserRows,
): Promise<UserRows> {
  const found = new RowSet();
  for (const [table, rowids] of owned) found.add(table, rowids);
  const cascades = shapes.flatMap((child) =>
    child.foreignKeys.filter((key) => key.onDelete === "CASCADE").map((key) => ({ child, key }))
  );
  await followLinks(sql, cascades, found);
  return found.ordered(shapes);
}

function seedCondition(ownership: Ownership, who: UserIdentity): { sql: string; args: string[] } | undefined {
  if (ownership.kind === "account" || ownership.kind === "owned by user") {
    return { sql: `${quoteIdentifier(ownership.column)} = ?`, args: [who.id] };
  }
  if (ownership.kind !== "keyed to user") return undefined;
  const column = quoteIdentifier(ownership.column);
  const conditions: string[] = [];
  const args: string[] = [];
  for (const form of ownership.forms) {
    const subject = form.subject === "email" ? who.email.toLowerCase() : who.id;
    const value = form.subject === "email" ? `lower(${column})` : column;
    if (form.before === undefined) {
      conditions.push(`${value} = ?`);
      args.push(subject);
    } else {
      const tail = form.before + subject;
      conditions.push(`(length(${column}) > ${tail.length} AND substr(${value}, -${tail.length}) = ?)`);
      args.push(tail);
    }
  }
  return { sql: conditions.join(" OR "), args };
}

/** Adds, until nothing new turns up, every child row whose link column points at a found parent row. */
async function followLinks(
  sql: SqlExecutor,
  links: { child: TableShape; key: ForeignKey }[],
  found: RowSet,
): Promise<void> {
  let grew = true;
  while (grew) {
    grew = false;
    for (const { child, key } of links) {
      for (const chunk of chunks(found.rowids(key.parentTable))) {
        const result = await sql.execute({
          sql: `SELECT rowid AS rowid FROM ${quoteIdentifier(child.name)} WHERE ${
            quoteIdentifier(key.column)
          } IN (SELECT ${quoteIdentifier(key.parentColumn)} FROM ${
            quoteIdentifier(key.parentTable)
          } WHERE rowid IN (${placeholders(chunk.length)}))`,
          args: chunk,
        });
        if (found.add(child.name, result.rows.map((r) => Number(r.rowid)))) grew = true;
      }
    }
  }
}

/** Rowids per table, growing as links are followed. */
class RowSet {
  readonly #tables = new Map<string, Set<number>>();

  /** Adds rowids; true when any of them was new. */
  add(table: string, rowids: number[]): boolean {
    const set = this.#tables.get(table) ?? new Set<number>();
    const before = set.size;
    for (const rowid of rowids) set.add(rowid);
    this.#tables.set(table, set);
    return set.size > before;
  }

  rowids(table: string): number[] {
    return [...(this.#tables.get(table) ?? [])];
  }

  /** The non-empty tables in schema order, rowids ascending. */
  ordered(shapes: TableShape[]): UserRows {
    const rows: UserRows = new Map();
    for (const shape of shapes) {
      const rowids = this.rowids(shape.name);
      if (rowids.length > 0) rows.set(shape.name, rowids.sort((a, b) => a - b));
    }
    return rows;
  }
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
