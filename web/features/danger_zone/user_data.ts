/**
 * @module How each table's rows belong to a user, declared once and used by both data export and
 * account deletion. Nothing is guessed from column contents: a table says whether its rows are the
 * account itself, carry the owner in a `user_id`-style foreign key, hang off another user-owned row,
 * are keyed by the user's id or address (rate limits, mail), or are no user's data at all.
 * `checkUserData` compares the declarations with the live schema; export and deletion refuse to run
 * while a table is undeclared or a declaration does not match the schema.
 */
import { getTableName } from "drizzle-orm";
import type { SQLiteColumn, SQLiteTable } from "drizzle-orm/sqlite-core";
import type { TableShape } from "./user_rows.ts";

/** One way a key column can name a user: their id or their (lower-case) email address. */
export interface KeyForm {
  subject: "user id" | "email";
  /** When set, the value is `<anything>` + `before` + subject (`signin:account:ana@…`); else exactly subject. */
  before?: string;
}

/** How the rows of one table belong to users. */
export type Ownership =
  | { kind: "account"; table: string; column: string }
  | { kind: "owned by user"; table: string; column: string }
  | { kind: "owned through parent"; table: string; column: string }
  | { kind: "keyed to user"; table: string; column: string; forms: readonly KeyForm[] }
  | { kind: "not user data"; table: string; reason: string };

/** Every table's declaration, by table name. */
export type UserDataDeclarations = ReadonlyMap<string, Ownership>;

function names(column: SQLiteColumn): { table: string; column: string } {
  return { table: getTableName(column.table), column: column.name };
}

/**
 * The accounts table: the row whose `column` equals the user's id is the account.
 *
 * @example
 * accountTable(users.id)
 */
export function accountTable(column: SQLiteColumn): Ownership {
  return { kind: "account", ...names(column) };
}

/**
 * Rows owned by the user their `column` names; the column must reference the accounts table with
 * ON DELETE CASCADE (a nullable column is fine: rows with NULL are nobody's through it).
 *
 * @example
 * ownedByUser(sessions.userId)
 */
export function ownedByUser(column: SQLiteColumn): Ownership {
  return { kind: "owned by user", ...names(column) };
}

/**
 * Rows that belong to whoever owns the row `column` references, for tables without an owner column
 * of their own (a playlist's tracks); the column must reference a user-owned table ON DELETE CASCADE.
 *
 * @example
 * ownedThroughParent(playlistTracks.playlistId)
 */
export function ownedThroughParent(column: SQLiteColumn): Ownership {
  return { kind: "owned through parent", ...names(column) };
}

/**
 * Rows keyed by a user's id or address rather than by a foreign key: rate-limit counters, mail. Only
 * `column` is compared, and only in the listed forms.
 *
 * @example
 * keyedToUser(devOutbox.to, [{ subject: "email" }])
 */
export function keyedToUser(column: SQLiteColumn, forms: readonly KeyForm[]): Ownership {
  return { kind: "keyed to user", ...names(column), forms };
}

/**
 * A table that holds no user's data; `reason` says why, for the reviewer.
 *
 * @example
 * notUserData(releaseChannels, "the list of OS release channels, the same for everyone")
 */
export function notUserData(table: SQLiteTable, reason: string): Ownership {
  return { kind: "not user data", table: getTableName(table), reason };
}

/**
 * Collects declarations into one map; a table declared twice is a programming error.
 *
 * @example
 * const declarations = collectDeclarations([accountTable(users.id), ownedByUser(sessions.userId)]);
 */
export function collectDeclarations(list: readonly Ownership[]): UserDataDeclarations {
  const map = new Map<string, Ownership>();
  for (const ownership of list) {
    if (map.has(ownership.table)) throw new Error(`Table ${ownership.table} declares its user data twice`);
    map.set(ownership.table, ownership);
  }
  return map;
}

const registered: Ownership[] = [];

/**
 * Declares how the rows of a feature's tables belong to users. Call it at the top level of the
 * module that defines or owns the tables, so the declaration exists once the app is built.
 *
 * @example
 * declareUserData(ownedByUser(devices.userId), ownedThroughParent(deviceKeys.deviceId));
 */
export function declareUserData(...ownerships: Ownership[]): void {
  collectDeclarations([...registered, ...ownerships]);
  registered.push(...ownerships);
}

/** Everything `declareUserData` was given so far. */
export function declaredUserData(): UserDataDeclarations {
  return collectDeclarations(registered);
}

/** The accounts table's declaration; there must be exactly one. */
export function accountOf(declarations: UserDataDeclarations): Extract<Ownership, { kind: "account" }> {
  const accounts = [...declarations.values()].filter((o) => o.kind === "account");
  if (accounts.length !== 1) throw new Error(`Expected one accounts table, found ${accounts.length}`);
  return accounts[0] as Extract<Ownership, { kind: "account" }>;
}

const OWNED_KINDS = new Set<Ownership["kind"]>([
  "account",
  "owned by user",
  "owned through parent",
  "keyed to user",
]);

/**
 * What is wrong between the declarations and the schema, one sentence per problem; empty when export
 * and deletion may run.
 *
 * @example
 * assert.deepEqual(checkUserData(await readTableShapes(client), declaredUserData()), []);
 */
export function checkUserData(shapes: TableShape[], declarations: UserDataDeclarations): string[] {
  const problems: string[] = [];
  const byName = new Map(shapes.map((shape) => [shape.name, shape]));
  let account;
  try {
    account = accountOf(declarations);
  } catch (error) {
    return [(error as Error).message];
  }
  const advice =
    "declare it with ownedByUser, ownedThroughParent, keyedToUser or notUserData (web/db/README.md)";
  for (const shape of shapes) {
    if (!declarations.has(shape.name)) {
      problems.push(`Table ${shape.name} does not say whose data it holds: ${advice}`);
    }
  }
  for (const ownership of declarations.values()) {
    const shape = byName.get(ownership.table);
    if (!shape) {
      problems.push(`Table ${ownership.table} is declared but not in the database`);
      continue;
    }
    if (ownership.kind === "not user data") {
      if (ownership.reason.trim() === "") {
        problems.push(`Table ${shape.name} must say why it is not user data`);
      }
      const cascade = shape.foreignKeys.find((key) =>
        key.onDelete === "CASCADE" &&
        OWNED_KINDS.has(declarations.get(key.parentTable)?.kind ?? "not user data")
      );
      if (cascade) {
        problems.push(
          `Table ${shape.name} is declared not user data, but ${cascade.column} deletes its rows with ${cascade.parentTable}`,
        );
      }
      continue;
    }
    if (!shape.columns.some((column) => column.name === ownership.column)) {
      problems.push(`Table ${shape.name} has no column ${ownership.column}`);
      continue;
    }
    const key = shape.foreignKeys.find((k) => k.column === ownership.column);
    if (ownership.kind === "owned by user") {
      if (
        !key || key.parentTable !== account.table || key.parentColumn !== account.column ||
        key.onDelete !== "CASCADE"
      ) {
        problems.push(
          `${shape.name}.${ownership.column} must reference ${account.table}(${account.column}) ON DELETE CASCADE`,
        );
      }
    } else if (ownership.kind === "owned through parent") {
      const parentKind = key ? declarations.get(key.parentTable)?.kind : undefined;
      if (!key || key.onDelete !== "CASCADE" || !parentKind || !OWNED_KINDS.has(parentKind)) {
        problems.push(
          `${shape.name}.${ownership.column} must reference a user-owned table ON DELETE CASCADE`,
        );
      }
    } else if (ownership.kind === "keyed to user" && ownership.forms.length === 0) {
      problems.push(`${shape.name}.${ownership.column} lists no key forms`);
    }
  }
  return problems;
}

/** Thrown by export and deletion while `checkUserData` reports problems. */
export class UndeclaredUserDataError extends Error {
  constructor(readonly problems: string[]) {
    super(`User data is not fully declared, so export and deletion refuse to run:\n${problems.join("\n")}`);
    this.name = "UndeclaredUserDataError";
  }
}
