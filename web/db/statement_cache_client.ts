/**
 * @module
 * A `file:` database client for drizzle that keeps prepared statements. @libsql/client prepares every
 * statement again on every `execute`, which was most of the portal's time per request; this client
 * implements the part of @libsql/client's `Client` that drizzle and the portal use on top of the
 * `libsql` package (the same native engine) and reuses one prepared statement per SQL text.
 *
 * Plain statements and batches run on one connection: each runs synchronously, so nothing interleaves.
 * An interactive transaction spans awaits, so it gets a connection of its own (kept for the next one),
 * exactly as @libsql/client's pool does. Every connection is opened with the same PRAGMAs.
 */
import Database from "libsql";
import {
  type Client,
  type InArgs,
  type InStatement,
  type InValue,
  LibsqlBatchError,
  LibsqlError,
  type ResultSet,
  type Row,
  type Transaction,
  type TransactionMode,
  type Value,
} from "@libsql/client";
import { Buffer } from "node:buffer";

/** How many distinct SQL texts each connection keeps prepared; the portal issues a few hundred. */
export const STATEMENT_CACHE_SIZE = 500;

/** Run on every new connection: these settings are per connection in SQLite. */
const CONNECTION_PRAGMAS = [
  "PRAGMA journal_mode = WAL",
  "PRAGMA busy_timeout = 5000",
  "PRAGMA foreign_keys = ON",
  // With WAL, NORMAL loses no committed data on a crash of the process, only on power loss.
  "PRAGMA synchronous = NORMAL",
];

const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

type NativeStatement = ReturnType<Database.Database["prepare"]>;
interface PreparedEntry {
  statement: NativeStatement;
  reader: boolean;
  columns: string[];
  columnTypes: string[];
  makeRow: (raw: unknown[]) => Row;
}

/** One native connection and its statements, most recently used last. */
class Connection {
  readonly db: Database.Database;
  private readonly statements = new Map<string, PreparedEntry>();

  constructor(path: string, private readonly cacheSize: number, encryptionKey: string | undefined) {
    // libSQL's encryption at rest (AES-256): every page of the file and its WAL is encrypted with it.
    // The addon reads `encryptionKey` (index.js) though its type declarations omit it.
    const options: Database.Options & { encryptionKey?: string } = encryptionKey === undefined
      ? {}
      : { encryptionKey };
    this.db = new Database(path, options);
    for (const pragma of CONNECTION_PRAGMAS) this.db.exec(pragma);
  }

  get cachedStatements(): number {
    return this.statements.size;
  }

  prepared(sql: string): PreparedEntry {
    const cached = this.statements.get(sql);
    if (cached) {
      this.statements.delete(sql);
      this.statements.set(sql, cached);
      return cached;
    }
    const statement = this.db.prepare(sql);
    statement.safeIntegers(true);
    const reader = statement.reader;
    if (reader) statement.raw(true);
    const described = reader ? statement.columns() : [];
    const columns = described.map((column) => column.name);
    const entry: PreparedEntry = {
      statement,
      reader,
      columns,
      columnTypes: described.map((column) => column.type ?? ""),
      makeRow: rowMaker(columns),
    };
    this.statements.set(sql, entry);
    if (this.statements.size > this.cacheSize) {
      const oldest = this.statements.keys().next().value as string;
      this.statements.delete(oldest);
    }
    return entry;
  }

  run(input: InStatement): ResultSet {
    const { sql, args } = normalize(input);
    try {
      const entry = this.prepared(sql);
      const bound = bindArgs(args);
      if (entry.reader) {
        const rows = (entry.statement.all(bound) as unknown[][]).map(entry.makeRow);
        return resultSet(entry.columns, entry.columnTypes, rows, 0, undefined);
      }
      const info = entry.statement.run(bound);
      return resultSet([], [], [], info.changes, BigInt(info.lastInsertRowid));
    } catch (error) {
      throw toLibsqlError(error);
    }
  }

  /** Runs `statements` in one transaction; any failure rolls all of them back. */
  runBatch(statements: (InStatement | [string, InArgs?])[], begin: string): ResultSet[] {
    this.run(begin);
    try {
      const results = statements.map((statement, index) => {
        try {
          return this.run(
            Array.isArray(statement) ? { sql: statement[0], args: statement[1] ?? [] } : statement,
          );
        } catch (error) {
          throw toBatchError(error, index);
        }
      });
      this.run("COMMIT");
      return results;
    } finally {
      if (this.db.inTransaction) this.db.exec("ROLLBACK");
    }
  }

  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
  }
}

function normalize(input: InStatement): { sql: string; args: InArgs } {
  return typeof input === "string" ? { sql: input, args: [] } : { sql: input.sql, args: input.args ?? [] };
}

function bindArgs(args: InArgs): unknown[] | Record<string, unknown> {
  if (Array.isArray(args)) return args.map(toSqlValue);
  const named: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    named["@$:".includes(name[0]) ? name.slice(1) : name] = toSqlValue(value);
  }
  return named;
}

function toSqlValue(value: InValue): unknown {
  switch (typeof value) {
    case "number":
      if (!Number.isFinite(value)) {
        throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
      }
      return value;
    case "bigint":
      if (value < MIN_INT64 || value > MAX_INT64) {
        throw new RangeError(
          "bigint is too large to be represented as a 64-bit integer and passed as argument",
        );
      }
      return value;
    case "boolean":
      return value ? 1 : 0;
    case "undefined":
      throw new TypeError("undefined cannot be passed as argument to the database");
  }
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  return value;
}

function fromSqlValue(value: unknown): Value {
  if (typeof value === "bigint") {
    if (value < MIN_SAFE || value > MAX_SAFE) {
      throw new RangeError("Received integer which cannot be safely represented as a JavaScript number");
    }
    return Number(value);
  }
  if (value instanceof Uint8Array) {
    return value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength) as ArrayBuffer;
  }
  return value as Value;
}

/** A row readable by position and by column name, with a non-enumerable length, like @libsql/client's. */
function toRow(raw: unknown[], columns: string[]): Row {
  const row: Record<string | number, unknown> = {};
  Object.defineProperty(row, "length", { value: raw.length });
  for (let i = 0; i < raw.length; i++) {
    const value = fromSqlValue(raw[i]);
    Object.defineProperty(row, i, { value });
    const column = columns[i];
    if (!Object.hasOwn(row, column)) {
      Object.defineProperty(row, column, { value, enumerable: true, configurable: true, writable: true });
    }
  }
  return row as unknown as Row;
}

/** Names that a plain assignment would not store as an ordinary own property of a row. */
const AWKWARD_COLUMN = /^(?:__proto__|length|\d+)$/;

/**
 * Builds rows of one statement's shape. Defining every property one by one (`toRow`) was a tenth of a
 * signed-in request, so for ordinary column names the rows share a class: names are plain enumerable
 * fields, positions and `length` live on the prototype. Reads by name, by position, `Object.keys`,
 * spreading and `Array.prototype.slice.call(row)` behave as with `toRow`.
 */
function rowMaker(columns: string[]): (raw: unknown[]) => Row {
  if (columns.some((column) => AWKWARD_COLUMN.test(column))) return (raw) => toRow(raw, columns);
  const firstOfName = columns.map((column, i) => columns.indexOf(column) === i);
  class ResultRow {
    #values: Value[];
    constructor(values: Value[]) {
      this.#values = values;
      const fields = this as unknown as Record<string, Value>;
      for (let i = 0; i < values.length; i++) if (firstOfName[i]) fields[columns[i]] = values[i];
    }
    static valueAt(row: ResultRow, index: number): Value {
      return row.#values[index];
    }
  }
  Object.defineProperty(ResultRow.prototype, "length", { value: columns.length });
  for (let i = 0; i < columns.length; i++) {
    Object.defineProperty(ResultRow.prototype, i, {
      get(this: ResultRow) {
        return ResultRow.valueAt(this, i);
      },
    });
  }
  return (raw) => new ResultRow(raw.map(fromSqlValue)) as unknown as Row;
}

function resultSet(
  columns: string[],
  columnTypes: string[],
  rows: Row[],
  rowsAffected: number,
  lastInsertRowid: bigint | undefined,
): ResultSet {
  return {
    columns,
    columnTypes,
    rows,
    rowsAffected,
    lastInsertRowid,
    toJSON() {
      return {
        columns,
        columnTypes,
        rows: rows.map((row) => Array.from(row as ArrayLike<unknown>, jsonValue)),
        rowsAffected,
        lastInsertRowid: lastInsertRowid === undefined ? null : String(lastInsertRowid),
      };
    },
  };
}

function jsonValue(value: unknown): unknown {
  if (typeof value === "bigint") return String(value);
  if (value instanceof ArrayBuffer) return Buffer.from(value).toString("base64");
  return value;
}

const SQLITE_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  8: "SQLITE_READONLY",
  11: "SQLITE_CORRUPT",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  25: "SQLITE_RANGE",
};

/** Maps the native error to LibsqlError with the same codes @libsql/client reports. */
function toLibsqlError(error: unknown): unknown {
  if (error instanceof LibsqlError || !(error instanceof Error)) return error;
  const native = error as Error & { code?: unknown; rawCode?: unknown };
  if (typeof native.rawCode !== "number") return error;
  const base = native.rawCode & 0xff;
  const code = SQLITE_CODES[base] ?? `SQLITE_UNKNOWN_${base}`;
  const extended = typeof native.code === "string" ? native.code : undefined;
  return new LibsqlError(native.message, code, extended, native.rawCode, native);
}

function toBatchError(error: unknown, index: number): unknown {
  if (error instanceof LibsqlBatchError || !(error instanceof LibsqlError)) return error;
  return new LibsqlBatchError(error.message, index, error.code, error.extendedCode, error.rawCode, error);
}

function beginStatement(mode: TransactionMode): string {
  if (mode === "write") return "BEGIN IMMEDIATE";
  if (mode === "read") return "BEGIN TRANSACTION READONLY";
  if (mode === "deferred") return "BEGIN DEFERRED";
  throw new RangeError(`Unknown transaction mode ${JSON.stringify(mode)}`);
}

function closedError(): LibsqlError {
  return new LibsqlError("The client is closed", "CLIENT_CLOSED");
}

/** An interactive transaction on a connection it holds until commit, rollback or close. */
class HeldTransaction implements Transaction {
  constructor(private connection: Connection | null, private readonly release: (c: Connection) => void) {}

  get closed(): boolean {
    return this.connection === null || !this.connection.db.open || !this.connection.db.inTransaction;
  }

  private active(): Connection {
    if (this.closed) throw new LibsqlError("The transaction is closed", "TRANSACTION_CLOSED");
    return this.connection as Connection;
  }

  private settle(): void {
    const connection = this.connection;
    this.connection = null;
    if (connection) this.release(connection);
  }

  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    try {
      const statement = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
      return Promise.resolve(this.active().run(statement));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  batch(statements: (InStatement | [string, InArgs?])[]): Promise<ResultSet[]> {
    try {
      return Promise.resolve(statements.map((statement, index) => {
        try {
          const normalized = Array.isArray(statement)
            ? { sql: statement[0], args: statement[1] ?? [] }
            : statement;
          return this.active().run(normalized);
        } catch (error) {
          throw toBatchError(error, index);
        }
      }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  executeMultiple(sql: string): Promise<void> {
    try {
      this.active().db.exec(sql);
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(toLibsqlError(error));
    }
  }

  commit(): Promise<void> {
    try {
      this.active().run("COMMIT");
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    } finally {
      this.settle();
    }
  }

  rollback(): Promise<void> {
    try {
      if (!this.closed) this.connection?.run("ROLLBACK");
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(error);
    } finally {
      this.settle();
    }
  }

  close(): void {
    this.settle();
  }
}

/** The client; `statementCacheSize` is per connection. */
export class StatementCacheClient implements Client {
  closed = false;
  readonly protocol = "file";
  private readonly main: Connection;
  private readonly spare: Connection[] = [];
  private readonly lent = new Set<Connection>();

  constructor(
    private readonly path: string,
    private readonly statementCacheSize = STATEMENT_CACHE_SIZE,
    private readonly encryptionKey?: string,
  ) {
    this.main = new Connection(path, statementCacheSize, encryptionKey);
  }

  /** Statements prepared on the main connection (for tests of the cache bound). */
  get cachedStatements(): number {
    return this.main.cachedStatements;
  }

  private connection(): Connection {
    if (this.closed) throw closedError();
    return this.main;
  }

  execute(stmtOrSql: InStatement | string, args?: InArgs): Promise<ResultSet> {
    try {
      const statement = typeof stmtOrSql === "string" ? { sql: stmtOrSql, args: args ?? [] } : stmtOrSql;
      return Promise.resolve(this.connection().run(statement));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  batch(
    statements: (InStatement | [string, InArgs?])[],
    mode: TransactionMode = "deferred",
  ): Promise<ResultSet[]> {
    try {
      return Promise.resolve(this.connection().runBatch(statements, beginStatement(mode)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** drizzle's migrator: the batch runs with foreign keys off, as @libsql/client does. */
  migrate(statements: InStatement[]): Promise<ResultSet[]> {
    try {
      const connection = this.connection();
      connection.db.exec("PRAGMA foreign_keys = OFF");
      try {
        return Promise.resolve(connection.runBatch(statements, "BEGIN DEFERRED"));
      } finally {
        connection.db.exec("PRAGMA foreign_keys = ON");
      }
    } catch (error) {
      return Promise.reject(error);
    }
  }

  transaction(mode: TransactionMode = "write"): Promise<Transaction> {
    try {
      if (this.closed) throw closedError();
      const begin = beginStatement(mode);
      const connection = this.spare.pop() ??
        new Connection(this.path, this.statementCacheSize, this.encryptionKey);
      this.lent.add(connection);
      try {
        connection.run(begin);
      } catch (error) {
        this.giveBack(connection);
        throw error;
      }
      return Promise.resolve(new HeldTransaction(connection, (used) => this.giveBack(used)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  private giveBack(connection: Connection): void {
    this.lent.delete(connection);
    if (connection.db.open && connection.db.inTransaction) {
      try {
        connection.db.exec("ROLLBACK");
      } catch {
        connection.close();
        return;
      }
    }
    if (this.closed || !connection.db.open) connection.close();
    else this.spare.push(connection);
  }

  executeMultiple(sql: string): Promise<void> {
    try {
      const connection = this.connection();
      try {
        connection.db.exec(sql);
      } finally {
        if (connection.db.inTransaction) connection.db.exec("ROLLBACK");
      }
      return Promise.resolve();
    } catch (error) {
      return Promise.reject(toLibsqlError(error));
    }
  }

  sync(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  reconnect(): Promise<void> {
    return Promise.reject(new LibsqlError("This client cannot reconnect; open a new one", "NOT_IMPLEMENTED"));
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const connection of [this.main, ...this.spare, ...this.lent]) connection.close();
    this.spare.length = 0;
    this.lent.clear();
  }
}
