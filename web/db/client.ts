/**
 * @module
 * Opens the portal database. The URL scheme picks the driver: `file:` uses the embedded libSQL
 * engine through a client that keeps prepared statements (statement_cache_client.ts); `libsql://` and `https://` use the fetch-only client (@libsql/client/web),
 * which is what runs on Deno Deploy against Turso.
 */
import { createClient as createEmbeddedClient } from "@libsql/client";
import { createClient as createRemoteClient } from "@libsql/client/web";
import type { Client } from "@libsql/client";
import { drizzle, type LibSQLDatabase } from "drizzle-orm/libsql";
import { migrate } from "drizzle-orm/libsql/migrator";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { StatementCacheClient } from "./statement_cache_client.ts";

// The libSQL Node-API addon (0.5.29) can crash the process (SIGSEGV inside index.node) when V8's
// concurrent GC threads collect its objects while the JS runs off the main thread, which is how
// `deno test` runs test modules. Collecting on the JS thread avoids that; the cost is small.
try {
  setFlagsFromString("--single-threaded-gc");
} catch {
  // Hosts that do not let programs change V8 flags run no test modules off the main thread either.
}

/** The drizzle database every service receives. Query builders work without the relational schema. */
export type Db = LibSQLDatabase<Record<string, unknown>> & { $client: Client };

/**
 * Opens the database named by `url`; for `file:` URLs the parent directory is created. With
 * `encryptionKey` a `file:` database is encrypted at rest (libSQL's AES-256 page encryption): the
 * file and its WAL are unreadable without the key, and a file written without it cannot be opened
 * with it (nor the other way round).
 */
export async function openDb(url: string, authToken?: string, encryptionKey?: string): Promise<Db> {
  if (encryptionKey !== undefined && !url.startsWith("file:")) {
    throw new Error(
      "An encryption key applies to a file: database only; a remote database is encrypted by its host.",
    );
  }
  let client: Client;
  if (url.startsWith("file:") && url !== "file::memory:") {
    const path = url.slice("file:".length);
    mkdirSync(dirname(path), { recursive: true });
    // Keeps prepared statements and sets WAL, busy timeout, foreign keys and synchronous=NORMAL on
    // every connection it opens (statement_cache_client.ts).
    client = new StatementCacheClient(path, undefined, encryptionKey);
    // ON DELETE CASCADE needs foreign keys; deletion of accounts depends on it.
    const [foreignKeys] = (await client.execute("PRAGMA foreign_keys")).rows;
    if (Number(foreignKeys[0]) !== 1) throw new Error("libSQL opened the database with foreign keys off");
  } else if (url.startsWith("file:")) {
    // An in-memory database is one connection's own; @libsql/client keeps it to a single connection.
    client = createEmbeddedClient({ url, encryptionKey });
  } else {
    client = createRemoteClient({ url, authToken });
  }
  return drizzle(client) as Db;
}

/** Applies every migration under migrations/ that has not run yet (idempotent). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: fileURLToPath(new URL("../../migrations", import.meta.url)) });
}
