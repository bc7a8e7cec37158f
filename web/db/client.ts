/**
 * @module
 * Opens the portal database. The URL scheme picks the driver: `file:` uses the embedded libSQL
 * engine (@libsql/client); `libsql://` and `https://` use the fetch-only client (@libsql/client/web),
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

/** Opens the database named by `url`; for `file:` URLs the parent directory is created. */
export async function openDb(url: string, authToken?: string): Promise<Db> {
  let client: Client;
  if (url.startsWith("file:")) {
    const path = url.slice("file:".length);
    if (path && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    client = createEmbeddedClient({ url });
    // WAL is stored in the database file, so it holds for every connection of the client's pool. The busy
    // timeout is per connection and reaches only the one that runs it, which serves every query outside
    // transactions. (The client's own `timeout` option would cover the whole pool, but with it the libSQL
    // addon 0.5.29 crashes `deno test` runs.)
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    // ON DELETE CASCADE needs foreign keys, which libSQL enables on every connection by default.
    const [foreignKeys] = (await client.execute("PRAGMA foreign_keys")).rows;
    if (Number(foreignKeys[0]) !== 1) throw new Error("libSQL opened the database with foreign keys off");
  } else {
    client = createRemoteClient({ url, authToken });
  }
  return drizzle(client) as Db;
}

/** Applies every migration under migrations/ that has not run yet (idempotent). */
export async function migrateDb(db: Db): Promise<void> {
  await migrate(db, { migrationsFolder: fileURLToPath(new URL("../../migrations", import.meta.url)) });
}
