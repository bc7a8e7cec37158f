import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { Image } from "imagescript";
import { decodeBase64 } from "@oslojs/encoding";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { type User, users } from "../../db/schema/users.ts";
import { oauthApps, oauthConsents, oauthTokens } from "../../db/schema/oauth.ts";
import { findTraces, footprintOf } from "./testing/traces.ts";
import { REDACTED, type UserExport } from "./export_document.ts";
import { readTableShapes } from "./user_rows.ts";

describe("danger zone", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let anaOnPhone: TestBrowser;
  let ben: TestBrowser;
  let anaUser: User;
  let benUser: User;
  let judyUser: User;

  const row = async (email: string): Promise<User | undefined> =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0];

  /** Gives Ana data in every kind of table: picture, OAuth app and grants, codes, resets, limits, mail. */
  async function seedAna() {
    const image = new Image(40, 40);
    image.fill(0xa259ffff);
    const form = new FormData();
    form.append("picture", new File([(await image.encode()).slice()], "me.png", { type: "image/png" }));
    // Picture uploads need a verified address.
    await t.deps.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, anaUser.id));
    const upload = await ana.request("/profile/picture", {
      method: "POST",
      body: form,
      headers: { "sec-fetch-site": "same-origin" },
    });
    assert.equal(upload.status, 303);
    assert.equal((await t.browser("198.51.100.9").signIn("ana@example.com", "wrong password")).status, 422);
    assert.equal(
      (await t.browser().post("/reset-password", { email: "ana@example.com" })).status < 400,
      true,
    );
    assert.equal((await anaOnPhone.signIn("ana@example.com")).status, 303);

    const now = new Date();
    const app = (id: string, userId: string, description = "") => ({
      id,
      userId,
      name: `App ${id}`,
      description,
      websiteUrl: "https://app.example",
      redirectUris: '["https://app.example/cb"]',
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(oauthApps).values([
      app("app-ana", anaUser.id),
      app("app-ben", benUser.id, "Questions? contact:ana@example.com"),
    ]);
    const consent = (id: string, userId: string, clientId: string) => ({
      id,
      userId,
      clientId,
      scope: "profile",
      createdAt: now,
      updatedAt: now,
    });
    await t.deps.db.insert(oauthConsents).values([
      consent("c1", anaUser.id, "app-ben"),
      consent("c2", benUser.id, "app-ana"),
      consent("c3", benUser.id, "app-ben"),
    ]);
    const token = (tokenHash: string, userId: string, clientId: string) => ({
      tokenHash,
      kind: "access" as const,
      familyId: `family-${tokenHash}`,
      userId,
      clientId,
      scope: "profile",
      expiresAt: now,
      createdAt: now,
    });
    await t.deps.db.insert(oauthTokens).values([
      token("t1", anaUser.id, "app-ben"),
      token("t2", benUser.id, "app-ana"),
      token("t3", benUser.id, "app-ben"),
    ]);
  }

  before(async () => {
    t = await createTestApp();
    ana = t.browser("192.0.2.21");
    anaOnPhone = t.browser("192.0.2.22");
    ben = t.browser("192.0.2.23");
    // Unverified until seedAna, so her verification code is still there to export and delete.
    await ana.signUpUnverified(t, { email: "ana@example.com", displayName: "Ana" });
    await ben.signUp(t, { email: "ben@example.com", displayName: "Ben" });
    // Judy's display name is Ana's address: text that equals an address makes no row that person's.
    await t.browser("192.0.2.24").signUp(t, { email: "judy@example.com", displayName: "ana@example.com" });
    anaUser = (await row("ana@example.com"))!;
    benUser = (await row("ben@example.com"))!;
    judyUser = (await row("judy@example.com"))!;
    await seedAna();
    anaUser = (await row("ana@example.com"))!;
  });
  after(() => t.close());

  it("keeps the page and the export for signed-in users", async () => {
    const anon = t.browser();
    const page = await anon.get("/danger-zone");
    assert.equal(page.status, 303);
    assert.match(page.headers.get("location")!, /^\/signin/);
    const exported = await anon.post("/danger-zone/export");
    assert.equal(exported.status, 303);
    assert.match(exported.headers.get("location")!, /^\/signin/);
    assert.equal((await anon.post("/danger-zone/delete", { password: "x" })).status, 303);
    const anaPage = await ana.get("/danger-zone");
    assert.equal(anaPage.status, 200);
    assert.match(await anaPage.text(), /Export your data[\s\S]*Delete account/);
  });

  it("exports only on a same-origin POST, so a cross-site link cannot start one or use up the quota", async () => {
    const quotaUsed = async () =>
      (await t.deps.db.$client.execute({
        sql: "SELECT coalesce(sum(count), 0) AS n FROM rate_limits WHERE key = ?",
        args: [`export:user:${anaUser.id}`],
      })).rows[0].n;
    const before = await quotaUsed();
    const link = await ana.get("/danger-zone/export", { "sec-fetch-site": "cross-site" });
    assert.notEqual(link.status, 200);
    assert.doesNotMatch(link.headers.get("content-type") ?? "", /json/);
    const crossSite = await ana.request("/danger-zone/export", {
      method: "POST",
      headers: { "sec-fetch-site": "cross-site" },
    });
    assert.equal(crossSite.status, 403);
    assert.equal(await quotaUsed(), before, "refused requests use no export quota");
    const page = await (await ana.get("/danger-zone")).text();
    assert.match(page, /<form method="post" action="\/danger-zone\/export">/);
  });

  it("exports every row that is Ana's, with hashes redacted and her picture inline", async () => {
    const res = await ana.post("/danger-zone/export");
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type")!, /^application\/json/);
    assert.match(
      res.headers.get("content-disposition")!,
      /^attachment; filename="mixera-export-\d{4}-\d\d-\d\d\.json"$/,
    );
    assert.equal(res.headers.get("cache-control"), "no-store");
    const doc: UserExport = await res.json();

    assert.equal(doc.format, "mixera-user-export");
    assert.deepEqual(doc.user, { id: anaUser.id, email: "ana@example.com" });
    const [me] = doc.tables.users;
    assert.equal(me.mixera_id, anaUser.mixeraId);
    assert.equal(me.password_hash, REDACTED);
    assert.equal(doc.tables.sessions.length, 2);
    assert.ok(doc.tables.sessions.every((s) => s.secret_hash === REDACTED && s.user_id === anaUser.id));
    assert.ok(doc.tables.email_verification_codes.length >= 1);
    assert.equal(doc.tables.password_reset_tokens.length, 1);
    assert.ok(doc.tables.dev_outbox.every((mail) => mail.to_address === "ana@example.com"));
    assert.ok(doc.tables.rate_limits.length >= 1);
    for (const { key } of doc.tables.rate_limits) {
      assert.ok(
        String(key).endsWith(":ana@example.com") || String(key).endsWith(`:${anaUser.id}`),
        String(key),
      );
    }
    assert.deepEqual(doc.tables.oauth_apps.map((app) => app.id), ["app-ana"]);
    assert.deepEqual(doc.tables.oauth_consents.map((consent) => consent.id), ["c1"]);
    assert.deepEqual(doc.tables.oauth_tokens.map((token) => token.client_id), ["app-ben"]);

    // Every table with a user_id column that holds a row of Ana's is in the export.
    const shapes = await readTableShapes(t.deps.db.$client);
    for (const shape of shapes.filter((s) => s.columns.some((c) => c.name === "user_id"))) {
      const owned = await t.deps.db.$client.execute({
        sql: `SELECT count(*) AS n FROM "${shape.name}" WHERE user_id = ?`,
        args: [anaUser.id],
      });
      assert.equal(doc.tables[shape.name]?.length ?? 0, Number(owned.rows[0].n), shape.name);
    }

    assert.equal(doc.files.length, 1);
    const stored = await t.deps.storage.get(anaUser.profilePictureKey!);
    assert.deepEqual(decodeBase64(doc.files[0].base64!), stored);
    assert.equal(doc.files[0].contentType, "image/webp");

    const text = JSON.stringify(doc);
    assert.ok(!text.includes("ben@example.com"), "nothing of Ben's may be exported");
    assert.deepEqual(doc.tables.users.map((user) => user.id), [anaUser.id], "Judy's account is not Ana's");
    assert.ok(!text.includes(judyUser.id) && !text.includes("contact:"), "nor Judy's rows or Ben's app");
    assert.ok(!text.includes("$argon2id$"), "no password hash may be exported");
  });

  it("does not delete the account on a wrong or missing password", async () => {
    const missing = await ana.post("/danger-zone/delete", {});
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /field-error[^>]*>Enter your password\./);
    const wrong = await ana.post("/danger-zone/delete", { password: "not my password" });
    assert.equal(wrong.status, 422);
    assert.match(await wrong.text(), /That is not your password/);
    const crossSite = await ana.post("/danger-zone/delete", { password: "correct horse battery" }, {
      "sec-fetch-site": "cross-site",
    });
    assert.equal(crossSite.status, 403);
    assert.ok(await row("ana@example.com"));
  });

  it("deletes every row and file of Ana, ends her sessions, and changes no row of Ben or Judy", async () => {
    // Ben's grants to Ana's app go with the app (ON DELETE CASCADE); they are checked one by one below.
    const benTraces = async () =>
      (await findTraces(t.deps.db.$client, [benUser.id, benUser.email, benUser.mixeraId]))
        .filter((trace) => !trace.table.startsWith("oauth_"));
    const benBefore = await benTraces();
    // Every row of Ben's and Judy's, counted and checksummed; Ben's grants to Ana's app are left out
    // here and checked below.
    const othersFootprint = () =>
      Promise.all([
        footprintOf(t.deps.db.$client, [benUser.id, benUser.email, benUser.mixeraId], ["app-ana"]),
        footprintOf(t.deps.db.$client, [judyUser.id, judyUser.email, judyUser.mixeraId]),
      ]);
    const othersBefore = await othersFootprint();
    assert.equal(othersBefore[1].users.rows, 1);
    assert.equal(othersBefore[0].oauth_apps.rows, 1);
    const res = await ana.post("/danger-zone/delete", { password: "correct horse battery" });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get("location"), "/account-deleted");
    assert.equal(ana.cookies.size, 0, "the session cookie is cleared");

    assert.deepEqual(await othersFootprint(), othersBefore, "no row of Ben's or Judy's changed");
    // Other people's text that names Ana's address is theirs, not hers: Judy's display name, the
    // mail that greets Judy by it, Ben's app description.
    const traces = (await findTraces(t.deps.db.$client, [anaUser.id, anaUser.email, anaUser.mixeraId]))
      .filter((trace) =>
        !(trace.table === "users" && trace.column === "display_name") &&
        !(trace.table === "dev_outbox" && trace.value.startsWith("Hi ana@example.com,")) &&
        !(trace.table === "oauth_apps" && trace.column === "description")
      );
    assert.deepEqual(traces, [], "nothing of Ana may remain in any table");
    assert.equal(await t.deps.storage.get(anaUser.profilePictureKey!), null);

    assert.equal((await anaOnPhone.get("/profile")).status, 303, "her other session is gone");
    assert.equal((await t.browser("192.0.2.30").signIn("ana@example.com")).status, 422);
    assert.match(await (await t.browser().get("/account-deleted")).text(), /Your account was deleted/);

    assert.deepEqual(await benTraces(), benBefore);
    const tokens = await t.deps.db.select().from(oauthTokens);
    assert.deepEqual(
      tokens.map((token) => token.tokenHash),
      ["t3"],
      "Ben's token for Ana's app went with it",
    );
    const consents = await t.deps.db.select().from(oauthConsents);
    assert.deepEqual(consents.map((consent) => consent.id), ["c3"]);
    const apps = await t.deps.db.select().from(oauthApps);
    assert.deepEqual(apps.map((app) => app.id), ["app-ben"]);
    assert.equal((await ben.get("/profile")).status, 200);
  });
});
