import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { emailVerificationCodes } from "../../db/schema/email_verification.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { createAccount, displayNameSchema } from "./accounts.ts";
import { newVerificationCode } from "./verification.ts";

describe("displayNameSchema", () => {
  it("refuses lone surrogates, NUL, control characters and every bidi control", () => {
    const bidi = ["\u061C", "\u200E", "\u200F", ..."\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069"];
    for (
      const bad of [
        "DJ\uD800",
        "\uDFFFDJ",
        "DJ\u0000",
        "DJ\u0007",
        "DJ\u007F",
        "DJ\u009B",
        ...bidi.map((c) => `DJ${c}x`),
      ]
    ) {
      assert.equal(displayNameSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
  });

  it("keeps names in any script, with emoji sequences", () => {
    for (const good of ["Ana", "Zoë", "مريم", "李小龙", "DJ 👩🏽‍💻", "🏳️‍🌈 Crew"]) {
      assert.equal(displayNameSchema.safeParse(good).success, true, good);
    }
  });
});

describe("createAccount", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());

  const input = { email: "first@example.com", displayName: "First", password: "correct horse battery" };
  const codesOf = (email: string) =>
    t.deps.db.select().from(emailVerificationCodes).where(eq(emailVerificationCodes.email, email));

  it("stores the account together with its first code, and for a taken address neither", async () => {
    const first = newVerificationCode(t.clock.now());
    const created = await createAccount(t.deps.db, input, { now: t.clock.now(), firstCode: first.row });
    assert.ok(created.ok);
    assert.deepEqual((await codesOf("first@example.com")).map((row) => [row.id, row.userId]), [
      [first.row.id, created.user.id],
    ]);

    const again = await createAccount(t.deps.db, { ...input, displayName: "Again" }, {
      now: t.clock.now(),
      firstCode: newVerificationCode(t.clock.now()).row,
    });
    assert.equal(again.ok, false);
    assert.equal(!again.ok && again.owner.id, created.user.id);
    assert.equal((await codesOf("first@example.com")).length, 1, "no code for the taken address");
    assert.equal((await t.deps.db.select().from(users)).length, 1);
  });
});
