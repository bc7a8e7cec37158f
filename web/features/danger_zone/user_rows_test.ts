import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Client, createClient } from "@libsql/client";
import {
  childrenFirst,
  findOwnedRows,
  readTableShapes,
  type SqlExecutor,
  type UserIdentity,
  withCascadedRows,
} from "./user_rows.ts";
import { checkUserData, collectDeclarations } from "./user_data.ts";
import { eraseUserRows } from "./erase_rows.ts";
import { findUserFiles } from "./user_files.ts";
import { readRowsForExport, REDACTED } from "./export_document.ts";
import { findTraces, footprintOf } from "./testing/traces.ts";
import { settleNativeDatabase } from "../../testing/native_database.ts";

/** A schema shaped like the portal's, plus the awkward cases a later feature might add. */
const SCHEMA = `
CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL, profile_picture_key TEXT, profile_picture_type TEXT);
CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  secret_hash TEXT NOT NULL, ip TEXT NOT NULL);
CREATE TABLE oauth_apps (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL, secret_hash TEXT);
CREATE TABLE oauth_tokens (token_hash TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  client_id TEXT NOT NULL REFERENCES oauth_apps(id) ON DELETE CASCADE);
CREATE TABLE playlists (id INTEGER PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  title TEXT NOT NULL, cover_key TEXT);
CREATE TABLE playlist_tracks (playlist_id INTEGER NOT NULL REFERENCES playlists(id) ON DELETE CASCADE,
  title TEXT NOT NULL);
CREATE TABLE reviews (id INTEGER PRIMARY KEY,
  subject TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  reviewer TEXT REFERENCES users(id) ON DELETE SET NULL, note TEXT NOT NULL);
CREATE TABLE dev_outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, to_address TEXT NOT NULL, text_body TEXT NOT NULL);
CREATE TABLE rate_limits (key TEXT PRIMARY KEY, window_start INTEGER NOT NULL, count INTEGER NOT NULL);
CREATE TABLE "odd ""name""" (user_id TEXT REFERENCES users(id) ON DELETE CASCADE, blob_data BLOB);
CREATE TABLE release_notes (version TEXT PRIMARY KEY, body TEXT NOT NULL);
`;

/** How the rows of each table above belong to users. */
const DECLARATIONS = collectDeclarations([
  { kind: "account", table: "users", column: "id" },
  { kind: "owned by user", table: "sessions", column: "user_id" },
  { kind: "owned by user", table: "oauth_apps", column: "user_id" },
  { kind: "owned by user", table: "oauth_tokens", column: "user_id" },
  { kind: "owned by user", table: "playlists", column: "user_id" },
  { kind: "owned through parent", table: "playlist_tracks", column: "playlist_id" },
  { kind: "owned by user", table: "reviews", column: "subject" },
  { kind: "keyed to user", table: "dev_outbox", column: "to_address", forms: [{ subject: "email" }] },
  {
    kind: "keyed to user",
    table: "rate_limits",
    column: "key",
    forms: [{ subject: "user id", before: ":user:" }, { subject: "email", before: ":account:" }],
  },
  { kind: "owned by user", table: 'odd "name"', column: "user_id" },
  { kind: "not user data", table: "release_notes", reason: "the same text for everyone" },
]);

async function findUserRows(db: SqlExecutor, who: UserIdentity) {
  const shapes = await readTableShapes(db);
  return await withCascadedRows(db, shapes, await findOwnedRows(db, shapes, DECLARATIONS, who));
}

const ana: UserIdentity = { id: "u-ana-1234567890", email: "ana@example.com" };
const ben: UserIdentity = { id: "u-ben-0987654321", email: "bana@example.com" };

const SEED = `
INSERT INTO users VALUES ('${ana.id}', '${ana.email}', 'Ana', '$argon2id$secret', 'pictures/ana.webp', 'image/webp');
INSERT INTO users VALUES ('${ben.id}', '${ben.email}', 'Ben', '$argon2id$other', NULL, NULL);
INSERT INTO sessions VALUES ('s1', '${ana.id}', 'h1', '10.0.0.1'), ('s2', '${ana.id}', 'h2', '10.0.0.2'),
  ('s3', '${ben.id}', 'h3', '10.0.0.3');
INSERT INTO oauth_apps VALUES ('app-ana', '${ana.id}', 'Ana''s app', 'apphash'),
  ('app-ben', '${ben.id}', 'Ben''s app', NULL);
INSERT INTO oauth_tokens VALUES ('t1', '${ben.id}', 'app-ana'), ('t2', '${ana.id}', 'app-ben'),
  ('t3', '${ben.id}', 'app-ben');
INSERT INTO playlists VALUES (1, '${ana.id}', 'Warm-up', 'covers/1.png'), (2, '${ben.id}', 'Peak', NULL);
INSERT INTO playlist_tracks VALUES (1, 'Track A'), (1, 'Track B'), (2, 'Track C');
INSERT INTO reviews VALUES (1, '${ana.id}', '${ben.id}', 'reviewed Ana'), (2, '${ben.id}', '${ana.id}', 'Ana reviewed Ben');
INSERT INTO dev_outbox (to_address, text_body) VALUES ('${ana.email}', 'code 12345678'),
  ('${ben.email}', 'code 87654321');
INSERT INTO rate_limits VALUES ('signin:account:${ana.email}', 0, 3), ('signin:account:${ben.email}', 0, 1),
  ('signin:ip:10.0.0.1', 0, 4), ('verify:user:${ana.id}', 0, 2);
INSERT INTO "odd ""name""" VALUES ('${ana.id}', x'00ff10');
INSERT INTO release_notes VALUES ('1.0', 'First release, thanks ${ana.email}');
`;

describe("finding, exporting and erasing a user's rows", () => {
  let dir: string;
  let client: Client;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), "mixera-user-rows-"));
  });
  after(async () => {
    client?.close();
    rmSync(dir, { recursive: true, force: true });
    await settleNativeDatabase();
  });

  async function freshDb(foreignKeys: boolean): Promise<Client> {
    client?.close();
    client = createClient({ url: `file:${join(dir, `${crypto.randomUUID()}.db`)}` });
    await client.execute(`PRAGMA foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
    await client.executeMultiple(SCHEMA + SEED);
    return client;
  }

  it("reads every application table with its foreign keys", async () => {
    const db = await freshDb(true);
    const shapes = await readTableShapes(db);
    assert.deepEqual(checkUserData(shapes, DECLARATIONS), [], "the test declarations match the test schema");
    assert.deepEqual(shapes.map((s) => s.name), [
      "dev_outbox",
      "oauth_apps",
      "oauth_tokens",
      'odd "name"',
      "playlist_tracks",
      "playlists",
      "rate_limits",
      "release_notes",
      "reviews",
      "sessions",
      "users",
    ]);
    const tracks = shapes.find((s) => s.name === "playlist_tracks")!;
    assert.deepEqual(tracks.foreignKeys, [
      { column: "playlist_id", parentTable: "playlists", parentColumn: "id", onDelete: "CASCADE" },
    ]);
    const order = childrenFirst(shapes).map((s) => s.name);
    assert.ok(order.indexOf("playlist_tracks") < order.indexOf("playlists"));
    assert.ok(order.indexOf("oauth_tokens") < order.indexOf("oauth_apps"));
    assert.equal(order.at(-1) === "users" || order.indexOf("users") > order.indexOf("sessions"), true);
  });

  it("finds the rows the declarations give the user, and the rows that cascade from them", async () => {
    const db = await freshDb(true);
    const rows = await findUserRows(db, ana);
    const count = Object.fromEntries([...rows].map(([table, rowids]) => [table, rowids.length]));
    assert.deepEqual(count, {
      dev_outbox: 1,
      oauth_apps: 1,
      // t2 is Ana's own token; t1 is Ben's token for Ana's app, deleted with the app.
      oauth_tokens: 2,
      'odd "name"': 1,
      playlist_tracks: 2,
      playlists: 1,
      rate_limits: 2,
      reviews: 1,
      sessions: 2,
      users: 1,
    });
  });

  it("exports only the user's own rows, with secret hashes redacted and blobs in base64", async () => {
    const db = await freshDb(true);
    const shapes = await readTableShapes(db);
    const own = await findOwnedRows(db, shapes, DECLARATIONS, ana);
    const tables = await readRowsForExport(db, own);
    assert.deepEqual(tables.users, [{
      id: ana.id,
      email: ana.email,
      display_name: "Ana",
      password_hash: REDACTED,
      profile_picture_key: "pictures/ana.webp",
      profile_picture_type: "image/webp",
    }]);
    assert.deepEqual(tables.oauth_tokens, [{ token_hash: REDACTED, user_id: ana.id, client_id: "app-ben" }]);
    assert.deepEqual(tables.sessions.map((s) => [s.id, s.secret_hash]), [["s1", REDACTED], ["s2", REDACTED]]);
    assert.deepEqual(tables.rate_limits, [
      { key: `signin:account:${ana.email}`, window_start: 0, count: 3 },
      { key: `verify:user:${ana.id}`, window_start: 0, count: 2 },
    ]);
    assert.deepEqual(tables['odd "name"'], [{ user_id: ana.id, blob_data: { base64: "AP8Q" } }]);
    assert.doesNotMatch(JSON.stringify(tables), /argon2id|apphash|Ben.s app|Peak|t3/);
  });

  it("lists the stored files the user's rows name", async () => {
    const db = await freshDb(true);
    const files = await findUserFiles(db, await findUserRows(db, ana));
    assert.deepEqual(files.sort((a, b) => a.key.localeCompare(b.key)), [
      { key: "covers/1.png", contentType: "application/octet-stream" },
      { key: "pictures/ana.webp", contentType: "image/webp" },
    ]);
  });

  it("takes no row of another user for the deleted user's, whatever their text says", async () => {
    const db = await freshDb(true);
    const judy = { id: "u-judy-5555555555", email: "judy@example.com" };
    // Judy's display name is Ana's address; Ben's app's name ends `contact:<Ana's address>`;
    // another counter names Ana's address in its middle.
    await db.executeMultiple(`
      INSERT INTO users VALUES ('${judy.id}', '${judy.email}', '${ana.email}', '$argon2id$judy', NULL, NULL);
      INSERT INTO sessions VALUES ('s9', '${judy.id}', 'h9', '10.0.0.9');
      INSERT INTO oauth_apps VALUES ('app-ben-2', '${ben.id}', 'Questions? contact:${ana.email}', NULL);
      INSERT INTO rate_limits VALUES ('signin:account:${ana.email}:user:${judy.id}', 0, 1);
    `);
    const others = [[judy.id, judy.email], [ben.id, ben.email]];
    // Ben's token for Ana's app (t1) goes with the app and the reviews between them lose Ana (SET NULL);
    // nothing else of his may change.
    const footprints = () =>
      Promise.all(others.map((needles) => footprintOf(db, needles, ["app-ana", "reviewed"])));
    const before = await footprints();

    const own = await findOwnedRows(db, await readTableShapes(db), DECLARATIONS, ana);
    const exported = JSON.stringify(await readRowsForExport(db, own));
    assert.doesNotMatch(exported, /judy|app-ben-2|contact:/);

    const tx = await db.transaction("write");
    const shapes = await readTableShapes(tx);
    await eraseUserRows(tx, shapes, await findUserRows(tx, ana));
    await tx.commit();
    assert.deepEqual(await footprints(), before);
    assert.equal(before[0].users.rows, 1, "Judy's account row is in her footprint");
    assert.equal(before[1].oauth_apps.rows, 2, "both of Ben's apps are in his footprint");
  });

  for (const foreignKeys of [true, false]) {
    it(`erases every trace of the user and nothing of others (foreign_keys ${foreignKeys ? "on" : "off"})`, async () => {
      const db = await freshDb(foreignKeys);
      assert.ok(
        (await findTraces(db, [ana.id, ana.email])).length > 10,
        "the seed should mention Ana widely",
      );
      const benBefore = (await findTraces(db, [ben.id, ben.email])).filter((t) => t.table !== "oauth_tokens");
      const benRowsBefore = await footprintOf(db, [ben.id, ben.email], ["app-ana", "reviewed"]);

      const tx = await db.transaction("write");
      const shapes = await readTableShapes(tx);
      await eraseUserRows(tx, shapes, await findUserRows(tx, ana));
      await tx.commit();

      // Ben's address contains Ana's ("bana@…" ⊃ "ana@…"): the scan rightly sees it, deletion rightly keeps it.
      // The release notes thank Ana by address; they are nobody's data and stay.
      const anaLeft = (await findTraces(db, [ana.id, ana.email]))
        .filter((t) => !t.value.includes(ben.email) && t.table !== "release_notes");
      assert.deepEqual(anaLeft, []);
      const benAfter = (await findTraces(db, [ben.id, ben.email])).filter((t) => t.table !== "oauth_tokens");
      // Ben was Ana's reviewer (cleared, SET NULL) and keeps everything else.
      assert.deepEqual(
        benAfter,
        benBefore.filter((t) => !(t.table === "reviews" && t.column === "reviewer")),
      );
      assert.deepEqual(await footprintOf(db, [ben.id, ben.email], ["app-ana", "reviewed"]), benRowsBefore);
      const benTokens = await db.execute("SELECT token_hash FROM oauth_tokens ORDER BY token_hash");
      assert.deepEqual(benTokens.rows.map((r) => r.token_hash), ["t3"]);
      const untouched = await db.execute("SELECT key FROM rate_limits ORDER BY key");
      assert.deepEqual(untouched.rows.map((r) => r.key), [
        `signin:account:${ben.email}`,
        "signin:ip:10.0.0.1",
      ]);
    });
  }
});
