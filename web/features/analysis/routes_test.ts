import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { users } from "../../db/schema/users.ts";
import { skipsQueue } from "./priority.ts";

describe("the admin switch for skipping the analysis queue", () => {
  let t: TestApp;
  let boss: TestBrowser;
  let dj: TestBrowser;
  let djId: string;
  before(async () => {
    t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    boss = t.browser("192.0.2.20");
    dj = t.browser("192.0.2.21");
    await boss.signUp(t, { email: "boss@example.com", displayName: "Boss" });
    await dj.signUp(t, { email: "dj@example.com", displayName: "DJ" });
    [{ id: djId }] = await t.deps.db.select({ id: users.id }).from(users).where(
      eq(users.email, "dj@example.com"),
    );
  });
  after(() => t.close());

  it("lets an admin grant and withdraw it", async () => {
    const granted = await boss.post(`/admin/users/${djId}/analysis-queue`, { skip: "1" });
    assert.equal(granted.status, 303);
    assert.equal(await skipsQueue(t.deps.db, djId), true);
    await boss.post(`/admin/users/${djId}/analysis-queue`, { skip: "0" });
    assert.equal(await skipsQueue(t.deps.db, djId), false);
  });

  it("refuses non-admins, unknown accounts and bad values, changing nothing", async () => {
    assert.equal((await dj.post(`/admin/users/${djId}/analysis-queue`, { skip: "1" })).status, 403);
    assert.equal((await boss.post(`/admin/users/nobody/analysis-queue`, { skip: "1" })).status, 404);
    assert.equal((await boss.post(`/admin/users/${djId}/analysis-queue`, { skip: "yes" })).status, 422);
    assert.equal(await skipsQueue(t.deps.db, djId), false);
  });
});
