import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { type User, users } from "../../db/schema/users.ts";
import { adminRoutes } from "./routes.tsx";
import { adminGrantMain } from "../../tasks/admin_grant.ts";

describe("admin area", () => {
  let t: TestApp;
  let boss: TestBrowser;
  let ana: TestBrowser;
  let ben: TestBrowser;

  const row = async (email: string): Promise<User> =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0];

  before(async () => {
    t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    boss = t.browser("192.0.2.10");
    ana = t.browser("192.0.2.11");
    ben = t.browser("192.0.2.12");
    // ADMIN_EMAILS makes an admin only of a verified address.
    const bossCode = await boss.signUp(t, { email: "boss@example.com", displayName: "The Boss" });
    await boss.post("/verify-email", { code: bossCode });
    await ana.signUp(t, { email: "ana@example.com", displayName: "Ana 100%_sure" });
    await ben.signUp(t, { email: "ben@example.org", displayName: "Ben" });
  });
  after(() => t.close());

  it("refuses every admin route to signed-in non-admins with 403", async () => {
    const target = await row("ben@example.org");
    const routes = adminRoutes.routes.filter((route) => route.method === "GET" || route.method === "POST");
    assert.ok(routes.length >= 3, "expected the list, disable and enable routes");
    for (const route of routes) {
      const path = route.path.replace(":id", target.id);
      const res = route.method === "GET" ? await ana.get(path) : await ana.post(path, { q: "" });
      assert.equal(res.status, 403, `${route.method} ${path}`);
    }
    assert.equal((await ana.get("/admin?q=ben")).status, 403);
    assert.equal((await row("ben@example.org")).disabledAt, null);
  });

  it("sends signed-out visitors to sign in and keeps Admin out of their sidebar", async () => {
    const res = await t.browser().get("/admin");
    assert.equal(res.status, 303);
    assert.match(res.headers.get("location")!, /^\/signin\?next=/);
    const profile = await (await ana.get("/profile")).text();
    assert.doesNotMatch(profile, /href="\/admin"/);
    assert.match(await (await boss.get("/profile")).text(), /href="\/admin"/);
  });

  it("lists and searches users by email, name and Mixera ID", async () => {
    const all = await (await boss.get("/admin")).text();
    for (const email of ["boss@example.com", "ana@example.com", "ben@example.org"]) {
      assert.ok(all.includes(email));
    }
    assert.match(all, /href="\/admin\/apps"/, "links to the app review queue");

    const byEmail = await (await boss.get("/admin?q=EXAMPLE.ORG")).text();
    assert.ok(byEmail.includes("ben@example.org"));
    assert.ok(!byEmail.includes("ana@example.com"));

    const byName = await (await boss.get("/admin?q=100%25_")).text();
    assert.ok(byName.includes("ana@example.com"));
    assert.ok(!byName.includes("ben@example.org"), "% and _ must match literally");

    const { mixeraId } = await row("ben@example.org");
    const byId = await (await boss.get(`/admin?q=${mixeraId.toLowerCase()}`)).text();
    assert.ok(byId.includes("ben@example.org"));
    assert.ok(!byId.includes("ana@example.com"));
  });

  it("answers an over-long search with 422 and an inline error", async () => {
    const res = await boss.get(`/admin?q=${"x".repeat(201)}`);
    assert.equal(res.status, 422);
    assert.match(await res.text(), /field-error[^>]*>Search for at most 200 characters/);
  });

  it("disables an account: its sessions end and it cannot sign in until re-enabled", async () => {
    const target = await row("ben@example.org");
    assert.equal((await ben.get("/profile")).status, 200);

    const res = await boss.post(`/admin/users/${target.id}/disable`, { q: "ben" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/admin?q=ben&notice=disabled");
    assert.ok((await row("ben@example.org")).disabledAt);
    assert.equal((await ben.get("/profile")).status, 303, "the old session must be gone");

    const signIn = await t.browser("192.0.2.13").signIn("ben@example.org");
    assert.equal(signIn.status, 422);
    assert.match(await signIn.text(), /account is disabled/);

    assert.equal((await boss.post(`/admin/users/${target.id}/enable`)).status, 303);
    assert.equal((await row("ben@example.org")).disabledAt, null);
    assert.equal((await t.browser("192.0.2.14").signIn("ben@example.org")).status, 303);
  });

  it("does not let an admin disable their own account", async () => {
    const self = await row("boss@example.com");
    assert.equal((await boss.post(`/admin/users/${self.id}/disable`)).status, 422);
    assert.equal((await row("boss@example.com")).disabledAt, null);
  });

  it("answers 404 for unknown accounts", async () => {
    assert.equal((await boss.post("/admin/users/nobody/disable")).status, 404);
    assert.equal((await boss.post("/admin/users/nobody/enable")).status, 404);
  });

  it("admin:grant makes an existing account an admin and explains failures", async () => {
    const env = { LIBSQL_URL: t.deps.config.databaseUrl, DATA_DIR: t.dir };
    assert.equal(await adminGrantMain(["  ANA@example.com "], env), 0);
    assert.equal((await row("ana@example.com")).role, "admin");
    assert.equal((await ana.get("/admin")).status, 200);
    assert.equal(await adminGrantMain(["ana@example.com"], env), 0);
    assert.equal(await adminGrantMain(["nobody@example.com"], env), 1);
    assert.equal(await adminGrantMain([], env), 2);
    assert.equal(await adminGrantMain(["ana@example.com"], { ...env, LIBSQL_URL: "mysql://x" }), 2);
  });
});
