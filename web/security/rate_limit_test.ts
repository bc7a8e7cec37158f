import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../testing/test_app.ts";
import { sql } from "drizzle-orm";
import { consumeRateLimit, MAX_WINDOW_MS, resetRateLimit } from "./rate_limit.ts";

describe("consumeRateLimit", () => {
  let t: TestApp;
  before(async () => (t = await createTestApp()));
  after(() => t.close());
  const rule = { limit: 3, windowMs: 60_000 };

  it("allows `limit` attempts per window, then says when to retry", async () => {
    const start = t.clock.now();
    for (let i = 0; i < 3; i++) {
      assert.equal((await consumeRateLimit(t.deps.db, "k", rule, start)).allowed, true);
    }
    const refused = await consumeRateLimit(t.deps.db, "k", rule, new Date(start.getTime() + 15_000));
    assert.deepEqual(refused, { allowed: false, retryAfterSec: 45 });
    const otherKey = await consumeRateLimit(t.deps.db, "other", rule, start);
    assert.equal(otherKey.allowed, true);
    const nextWindow = await consumeRateLimit(t.deps.db, "k", rule, new Date(start.getTime() + 60_000));
    assert.equal(nextWindow.allowed, true);
  });

  it("counts concurrent attempts exactly", async () => {
    const now = t.clock.now();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => consumeRateLimit(t.deps.db, "burst", rule, now)),
    );
    assert.equal(results.filter((r) => r.allowed).length, 3);
  });

  it("forgets counters a day after their window", async () => {
    const start = t.clock.now();
    await consumeRateLimit(t.deps.db, "stale", rule, start);
    const dayLater = new Date(start.getTime() + MAX_WINDOW_MS + 2 * 60 * 60 * 1000);
    await consumeRateLimit(t.deps.db, "fresh", rule, dayLater);
    const keys = (await t.deps.db.all<{ key: string }>(sql`SELECT key FROM rate_limits`)).map((row) =>
      row.key
    );
    assert.ok(!keys.includes("stale"));
    assert.ok(keys.includes("fresh"));
  });

  it("refuses windows longer than a day", async () => {
    await assert.rejects(
      consumeRateLimit(t.deps.db, "long", { limit: 1, windowMs: MAX_WINDOW_MS + 1 }, t.clock.now()),
      RangeError,
    );
  });

  it("can be reset", async () => {
    const now = t.clock.now();
    for (let i = 0; i < 4; i++) await consumeRateLimit(t.deps.db, "r", rule, now);
    await resetRateLimit(t.deps.db, "r");
    assert.equal((await consumeRateLimit(t.deps.db, "r", rule, now)).allowed, true);
  });
});
