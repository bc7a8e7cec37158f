import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClient } from "@libsql/client";
import { eq } from "drizzle-orm";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { checkUserData, collectDeclarations, declaredUserData, type Ownership } from "./user_data.ts";
import { readTableShapes } from "./user_rows.ts";

describe("ownership declarations against a schema", () => {
  const SCHEMA = `
    CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL);
    CREATE TABLE sessions (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE);
    CREATE TABLE notes (id TEXT PRIMARY KEY, author TEXT REFERENCES users(id) ON DELETE SET NULL);
    CREATE TABLE note_tags (note_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE, tag TEXT);
  `;
  const complete: Ownership[] = [
    { kind: "account", table: "users", column: "id" },
    { kind: "owned by user", table: "sessions", column: "user_id" },
    { kind: "not user data", table: "notes", reason: "public notes outlive their author" },
    { kind: "owned through parent", table: "note_tags", column: "note_id" },
  ];
  const problemsWith = async (declarations: Ownership[], extraSql = "") => {
    const client = createClient({ url: "file::memory:" });
    try {
      await client.executeMultiple(SCHEMA + extraSql);
      return checkUserData(await readTableShapes(client), collectDeclarations(declarations));
    } finally {
      client.close();
    }
  };
  const replacing = (table: string, ownership?: Ownership) =>
    complete.flatMap((o) => o.table !== table ? [o] : ownership ? [ownership] : []);

  it("accepts declarations that match the schema", async () => {
    assert.deepEqual(await problemsWith(complete), []);
  });

  it("names a table that declares nothing, such as one added later", async () => {
    const problems = await problemsWith(
      complete,
      "CREATE TABLE devices (id TEXT PRIMARY KEY, user_id TEXT);",
    );
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^Table devices does not say whose data it holds/);
  });

  it("refuses an owner column that does not cascade from the accounts table", async () => {
    const problems = await problemsWith(
      replacing("notes", { kind: "owned by user", table: "notes", column: "author" }),
    );
    assert.deepEqual(problems, ["notes.author must reference users(id) ON DELETE CASCADE"]);
  });

  it("refuses 'not user data' for rows that are deleted with a user's", async () => {
    const problems = await problemsWith(
      replacing("note_tags", { kind: "not user data", table: "note_tags", reason: "tags" }),
    );
    assert.deepEqual(problems, [
      "Table note_tags is declared not user data, but note_id deletes its rows with sessions",
    ]);
  });

  it("refuses a parent link that is not a cascading foreign key, a missing column and a stale table", async () => {
    assert.deepEqual(
      await problemsWith([
        ...replacing("sessions", { kind: "owned through parent", table: "sessions", column: "id" }),
        { kind: "owned by user", table: "gone", column: "user_id" },
      ]),
      [
        "sessions.id must reference a user-owned table ON DELETE CASCADE",
        "Table gone is declared but not in the database",
      ],
    );
    assert.deepEqual(
      await problemsWith(
        replacing("sessions", { kind: "owned by user", table: "sessions", column: "owner" }),
      ),
      ["Table sessions has no column owner"],
    );
  });

  it("refuses a table declared twice", () => {
    assert.throws(
      () => collectDeclarations([...complete, complete[1]]),
      /sessions declares its user data twice/,
    );
  });
});

describe("the portal's own tables", () => {
  let t: TestApp;
  let ana: TestBrowser;

  before(async () => {
    t = await createTestApp();
    ana = t.browser("192.0.2.41");
    await ana.signUp(t, { email: "ana@example.com", displayName: "Ana" });
  });
  after(() => t.close());

  it("every table of the migrated schema says whose data it holds", async () => {
    assert.deepEqual(checkUserData(await readTableShapes(t.deps.db.$client), declaredUserData()), []);
  });

  it("a table added without a declaration stops export and deletion instead of leaving data behind", async () => {
    await t.deps.db.$client.execute(
      "CREATE TABLE gadgets (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE)",
    );
    const problems = checkUserData(await readTableShapes(t.deps.db.$client), declaredUserData());
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^Table gadgets does not say whose data it holds/);

    const originalError = console.error;
    console.error = () => {};
    try {
      assert.equal((await ana.post("/danger-zone/export")).status, 500);
      assert.equal(
        (await ana.post("/danger-zone/delete", { password: "correct horse battery" })).status,
        500,
      );
    } finally {
      console.error = originalError;
    }
    const [account] = await t.deps.db.select().from(users).where(eq(users.email, "ana@example.com"));
    assert.ok(account, "the account is still there");
  });
});
