import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { sessions } from "../db/schema/sessions.ts";
import { users } from "../db/schema/users.ts";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import {
  createSession,
  invalidateAllSessions,
  listSessions,
  SESSION_EXTEND_EVERY_MS,
  SESSION_IDLE_MS,
  validateSessionToken,
} from "./session.ts";

describe("sessions", () => {
  let t: TestApp;
  let userId: string;
  const origin = { userAgent: "test", ip: "192.0.2.9" };

  before(async () => {
    t = await createTestApp();
    userId = "user-1";
    await t.deps.db.insert(users).values({
      id: userId,
      mixeraId: "MXR-AAAAAAAA",
      email: "a@example.com",
      displayName: "A",
      passwordHash: "x",
    });
  });
  after(() => t.close());

  it("store only the hash of the secret and resolve the token", async () => {
    const now = t.clock.now();
    const { session, token } = await createSession(t.deps.db, userId, origin, now);
    const [id, secret] = token.split(".");
    assert.equal(id, session.id);
    const [row] = await t.deps.db.select().from(sessions).where(eq(sessions.id, id));
    assert.notEqual(row.secretHash, secret);
    assert.ok(!JSON.stringify(row).includes(secret));
    const result = await validateSessionToken(t.deps.db, token, now);
    assert.equal(result?.user.id, userId);
  });

  it("reject a wrong secret, a malformed token and an unknown id", async () => {
    const { token } = await createSession(t.deps.db, userId, origin, t.clock.now());
    const [id] = token.split(".");
    for (const bad of [`${id}.wrongsecret`, id, `${token}.x`, "", ".", `nope.${token.split(".")[1]}`]) {
      assert.equal(await validateSessionToken(t.deps.db, bad, t.clock.now()), null, bad);
    }
  });

  it("extend at most hourly and expire after 10 idle days", async () => {
    const start = t.clock.now();
    const { token } = await createSession(t.deps.db, userId, origin, start);
    const soon = new Date(start.getTime() + SESSION_EXTEND_EVERY_MS - 1);
    const early = await validateSessionToken(t.deps.db, token, soon);
    assert.equal(early?.session.expiresAt.getTime(), start.getTime() + SESSION_IDLE_MS);
    const later = new Date(start.getTime() + SESSION_EXTEND_EVERY_MS);
    const extended = await validateSessionToken(t.deps.db, token, later);
    assert.equal(extended?.session.expiresAt.getTime(), later.getTime() + SESSION_IDLE_MS);
    const stillValid = new Date(later.getTime() + SESSION_IDLE_MS - 1);
    assert.ok(await validateSessionToken(t.deps.db, token, stillValid));
    const idle = new Date(stillValid.getTime() + SESSION_IDLE_MS);
    assert.equal(await validateSessionToken(t.deps.db, token, idle), null);
  });

  it("are tidied up at the next sign-in once expired", async () => {
    const start = t.clock.now();
    await invalidateAllSessions(t.deps.db, userId);
    const old = await createSession(t.deps.db, userId, origin, start);
    const later = new Date(start.getTime() + SESSION_IDLE_MS);
    const fresh = await createSession(t.deps.db, userId, origin, later);
    const rows = await t.deps.db.select().from(sessions).where(eq(sessions.userId, userId));
    assert.deepEqual(rows.map((s) => s.id), [fresh.session.id]);
    assert.notEqual(old.session.id, fresh.session.id);
  });

  it("end all sessions but one", async () => {
    const now = t.clock.now();
    await invalidateAllSessions(t.deps.db, userId);
    const keep = await createSession(t.deps.db, userId, origin, now);
    await createSession(t.deps.db, userId, origin, now);
    await invalidateAllSessions(t.deps.db, userId, keep.session.id);
    const left = await listSessions(t.deps.db, userId, now);
    assert.deepEqual(left.map((s) => s.id), [keep.session.id]);
  });

  it("are refused for a disabled account and deleted with the user", async () => {
    const now = t.clock.now();
    const { token } = await createSession(t.deps.db, userId, origin, now);
    await t.deps.db.update(users).set({ disabledAt: now }).where(eq(users.id, userId));
    assert.equal(await validateSessionToken(t.deps.db, token, now), null);
    await t.deps.db.delete(users).where(eq(users.id, userId));
    assert.equal((await t.deps.db.select().from(sessions)).length, 0);
  });
});
