import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { previewApplications } from "../../db/schema/devices.ts";
import { REAPPLY_COOL_DOWN_MS } from "./service.ts";

const APPLICATION = {
  motivation: "I play every weekend and want to test new things.",
  gear: "MIXERA CTRL one",
  links: "https://soundcloud.example/dj\nhttps://dj.example",
};

describe("Preview Program", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("gates every preview area: sign in, then the program page; APIs answer 403 JSON", async () => {
    const signedOut = await t.browser().get("/dj-stats");
    assert.equal(signedOut.status, 303);
    assert.match(signedOut.headers.get("location")!, /^\/signin\?next=%2Fdj-stats/);
    const { browser } = await signedInUser(t);
    for (const path of ["/dj-stats", "/devices", "/mixey", "/leaderboard", "/connect"]) {
      const res = await browser.get(path);
      assert.equal(res.status, 403, path);
      const html = await res.text();
      assert.match(html, /data-testid="preview-gate"/, path);
      assert.match(html, /href="\/preview-program"/, path);
    }
    const api = await browser.request("/api/devices/register", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-session-token": browser.cookies.get("mixera_session")!,
      },
      body: "{}",
    });
    assert.equal(api.status, 403);
    assert.equal((await api.json()).error, "not_eligible");
    assert.equal((await browser.get("/gema-calculator")).status, 200, "non-preview areas stay open");
  });

  it("takes an application, shows it pending, and refuses a second one", async () => {
    const { browser } = await signedInUser(t);
    const bad = await browser.post("/preview-program/apply", {
      motivation: "short",
      gear: "",
      links: "ftp://x",
    });
    assert.equal(bad.status, 422);
    const res = await browser.post("/preview-program/apply", APPLICATION);
    assert.equal(res.status, 303);
    const page = await (await browser.get("/preview-program")).text();
    assert.match(page, /Application Pending/);
    assert.match(
      page,
      /Your application is being reviewed\. We&#39;ll notify you by email once it&#39;s been processed\./,
    );
    assert.equal((await browser.post("/preview-program/apply", APPLICATION)).status, 409);
    assert.match(await (await browser.get("/devices")).text(), /Your application is being reviewed/);
  });

  it("lets an admin accept from /admin/preview; the applicant is emailed and unlocked", async () => {
    const { browser: admin } = await signedInUser(t, { role: "admin" });
    const { user, browser } = await signedInUser(t);
    await browser.post("/preview-program/apply", APPLICATION);
    const queue = await (await admin.get("/admin/preview")).text();
    assert.ok(queue.includes(user.email));
    assert.equal((await browser.get("/admin/preview")).status, 403, "applicants cannot review");
    assert.equal((await browser.post(`/admin/preview/${user.id}/accept`)).status, 403);

    assert.equal((await admin.post(`/admin/preview/${user.id}/accept`)).status, 303);
    const mail = await t.lastMailTo(user.email);
    assert.match(mail!.text, /Welcome to the Preview Program! 🎉/);
    const page = await (await browser.get("/preview-program")).text();
    assert.match(page, /Welcome to the Preview Program! 🎉/);
    for (const feature of ["DJ Stats", "Device Management", "MIXEY AI", "Leaderboard", "MIXERA Connect"]) {
      assert.match(page, new RegExp(`<li[^>]*>${feature}</li>`), feature);
    }
    assert.equal((await browser.get("/devices")).status, 200);
    assert.equal((await admin.post(`/admin/preview/${user.id}/accept`)).status, 404, "decided once");
  });

  it("rejects with a reason, mails it, and allows a new application only after the cool-down", async () => {
    const { browser: admin } = await signedInUser(t, { role: "admin" });
    const { user, browser } = await signedInUser(t);
    await browser.post("/preview-program/apply", APPLICATION);
    assert.equal((await admin.post(`/admin/preview/${user.id}/reject`, { reason: "" })).status, 422);
    assert.equal(
      (await admin.post(`/admin/preview/${user.id}/reject`, { reason: "Full for now" })).status,
      303,
    );
    assert.match(
      (await t.lastMailTo(user.email))!.text,
      /Your application was not accepted at this time\.[\s\S]*Full for now/,
    );
    const page = await (await browser.get("/preview-program")).text();
    assert.match(page, /Application Not Accepted/);
    assert.doesNotMatch(page, /preview-apply-form/);
    assert.equal((await browser.post("/preview-program/apply", APPLICATION)).status, 409);
    assert.equal((await browser.get("/devices")).status, 403);

    // Moving the clock would expire the browser session; the decision is moved back instead.
    const longAgo = new Date(t.clock.now().getTime() - REAPPLY_COOL_DOWN_MS - 1000);
    await t.deps.db.update(previewApplications).set({ decidedAt: longAgo })
      .where(eq(previewApplications.userId, user.id));
    assert.equal((await browser.post("/preview-program/apply", APPLICATION)).status, 303);
    const [row] = await t.deps.db.select().from(previewApplications).where(
      eq(previewApplications.userId, user.id),
    );
    assert.equal(row.status, "pending");
  });

  it("gives admins every preview area and an Admin Access block on the profile", async () => {
    const { browser: admin } = await signedInUser(t, { role: "admin" });
    assert.equal((await admin.get("/devices")).status, 200);
    const profile = await (await admin.get("/profile")).text();
    assert.match(profile, /Admin Access/);
    assert.match(profile, /As an admin, you have automatic access to all preview features\./);
    assert.match(profile, /<a class="button" href="\/admin">Open Admin Dashboard<\/a>/);
    const { browser } = await signedInUser(t);
    assert.doesNotMatch(await (await browser.get("/profile")).text(), /Open Admin Dashboard/);
  });
});
