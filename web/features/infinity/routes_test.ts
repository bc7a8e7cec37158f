import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { and, eq } from "drizzle-orm";
import { devices } from "../../db/schema/devices.ts";
import { infinityPlans, infinitySubscriptions } from "../../db/schema/infinity.ts";
import { users } from "../../db/schema/users.ts";
import { createTestApp, type TestApp, type TestBrowser } from "../../testing/test_app.ts";
import { registerDevice } from "../devices/mod.ts";
import { cloudQuotaFor, storageUsage } from "../cloud/mod.ts";
import { insertSeedTracks, seedTracks } from "../cloud/testing/seed_library.ts";
import { skipsQueue } from "../analysis/mod.ts";
import {
  addStoredBytesSource,
  cloudQuotaBytes,
  DEFAULT_CLOUD_QUOTA_BYTES,
  skipsAnalysisQueue,
} from "./mod.ts";

const GB = 1024 ** 3;

describe("MIXERA Infinity", () => {
  let t: TestApp;
  let boss: TestBrowser;
  let ana: TestBrowser;
  let ben: TestBrowser;
  let anaId: string;
  /** Bytes a user stores in the (future) cloud library, through the source it will register. */
  const libraryBytes = new Map<string, number>();
  addStoredBytesSource((_deps, userId) => Promise.resolve(libraryBytes.get(userId) ?? 0));

  const userId = async (email: string) =>
    (await t.deps.db.select().from(users).where(eq(users.email, email)))[0].id;
  const activeOf = (id: string) =>
    t.deps.db.select().from(infinitySubscriptions).where(
      and(eq(infinitySubscriptions.userId, id), eq(infinitySubscriptions.status, "active")),
    );
  const buy = (browser: TestBrowser, planId: string, billing = "monthly", paymentMethod = "PayPal") =>
    browser.post("/infinity/checkout", { planId, billing, paymentMethod });

  before(async () => {
    t = await createTestApp({ ADMIN_EMAILS: "boss@example.com" });
    boss = t.browser("192.0.2.90");
    ana = t.browser("192.0.2.91");
    ben = t.browser("192.0.2.92");
    // ADMIN_EMAILS makes an admin only of a verified address.
    const bossCode = await boss.signUp(t, { email: "boss@example.com" });
    await boss.post("/verify-email", { code: bossCode });
    await ana.signUp(t, { email: "ana@example.com" });
    await ben.signUp(t, { email: "ben@example.com" });
    anaId = await userId("ana@example.com");
  });
  after(() => t.close());

  it("shows the preview labelling, every plan of the catalogue and no paid plan", async () => {
    const page = await (await ana.get("/infinity")).text();
    for (
      const text of [
        "Preview Mode - Demo Data",
        "MIXERA Infinity is in preview. Pricing and features shown are for demonstration.",
        "Select Devices for Upgrade",
        "Register a device first",
        "Controller Connectivity",
        "Use Your Own eSIM",
        "Basic Cloud",
        "Cloud Plus",
        "Cloud Pro",
        "Pay As You Go",
        "€0.05 per GB/month",
        "Connect External Storage",
        "Using external storage disables direct push to devices.",
        "MIXERA Infinity ALL-IN-ONE",
        "Save €10+/month vs separate plans",
        "Or save 20% with yearly billing:",
        "€182.30/year",
        "Your Current Subscription",
        "No active paid plans",
      ]
    ) assert.ok(page.includes(text), text);
    assert.match(page, /You store <strong>0 bytes<\/strong> of <strong>2 GB<\/strong>/);
    assert.equal(await cloudQuotaBytes(t.deps.db, anaId), DEFAULT_CLOUD_QUOTA_BYTES);
    assert.equal(await skipsAnalysisQueue(t.deps.db, anaId), false);
  });

  it("computes yearly prices as twelve months less 20 %", async () => {
    const page = await (await ana.get("/infinity?billing=yearly")).text();
    assert.match(page, /€38\.30\/year/, "Cloud Plus: 12 × €3.99 − 20 %");
    assert.match(page, /€95\.90\/year/, "Cloud Pro: 12 × €9.99 − 20 %");
  });

  it("refuses bad checkouts with 422 and inline errors, storing nothing", async () => {
    const missing = await ana.post("/infinity/checkout", { planId: "cloud_plus", billing: "monthly" });
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /id="field-paymentMethod-error">Choose a payment method\./);
    const badBilling = await buy(ana, "cloud_plus", "weekly");
    assert.equal(badBilling.status, 422);
    assert.match(await badBilling.text(), /id="field-billing-error">Choose monthly or yearly billing\./);
    for (const planId of ["no_such_plan", "cloud_basic"]) {
      const response = await buy(ana, planId);
      assert.equal(response.status, 422, planId);
      assert.match(await response.text(), /Choose a plan that is offered/);
    }
    const noDevice = await buy(ana, "connectivity_pro");
    assert.equal(noDevice.status, 422);
    assert.match(await noDevice.text(), /Register a device first/);
    assert.equal((await t.deps.db.select().from(infinitySubscriptions)).length, 0);
  });

  it("sells a storage plan at the mock checkout and raises the cloud quota", async () => {
    const checkout = await (await ana.get("/infinity/checkout?plan=cloud_plus&billing=monthly")).text();
    assert.match(checkout, /This is a mock checkout\. No real transaction will take place/);
    assert.equal((await buy(ana, "cloud_plus")).status, 303);
    assert.equal(await cloudQuotaBytes(t.deps.db, anaId), 25 * GB);
    assert.equal(await skipsAnalysisQueue(t.deps.db, anaId), false);
    const page = await (await ana.get("/infinity?notice=subscribed")).text();
    assert.match(page, /no real transaction took place/);
    assert.match(page, /of <strong>25 GB<\/strong>/);
    assert.match(page, /data-testid="infinity-subscriptions"[\s\S]*Cloud Plus[\s\S]*€3\.99\/month/);
    assert.equal((await buy(ana, "cloud_plus")).status, 422, "the same plan twice");
  });

  it("replaces the storage plan on upgrade, and Cloud Pro skips the analysis queue", async () => {
    assert.equal((await buy(ana, "cloud_pro", "yearly")).status, 303);
    const active = await activeOf(anaId);
    assert.deepEqual(active.map((s) => [s.planId, s.billing, s.priceCents]), [["cloud_pro", "yearly", 9590]]);
    assert.equal(await cloudQuotaBytes(t.deps.db, anaId), 100 * GB);
    assert.equal(await skipsAnalysisQueue(t.deps.db, anaId), true);
  });

  it("refuses a downgrade or cancellation below what is stored, with a clear message", async () => {
    libraryBytes.set(anaId, 30 * GB);
    const downgrade = await buy(ana, "cloud_plus");
    assert.equal(downgrade.status, 422);
    assert.match(
      await downgrade.text(),
      /You store 30 GB, but after this change your cloud storage would be 25 GB/,
    );
    const [pro] = await activeOf(anaId);
    const cancel = await ana.post(`/infinity/subscriptions/${pro.id}/cancel`);
    assert.equal(cancel.status, 422);
    assert.match(await cancel.text(), /would be 2 GB/);
    assert.deepEqual((await activeOf(anaId)).map((s) => s.planId), ["cloud_pro"]);
    libraryBytes.delete(anaId);
  });

  it("keeps one user's subscriptions away from another", async () => {
    const [pro] = await activeOf(anaId);
    assert.equal((await ben.post(`/infinity/subscriptions/${pro.id}/cancel`)).status, 404);
    assert.doesNotMatch(await (await ben.get("/infinity")).text(), /data-testid="infinity-subscriptions"/);
    assert.deepEqual((await activeOf(anaId)).map((s) => s.planId), ["cloud_pro"]);
  });

  it("ALL-IN-ONE gives 200 GB and queue priority; cancelling plans returns to the included 2 GB", async () => {
    assert.equal((await buy(ben, "all_in_one")).status, 303);
    const benId = await userId("ben@example.com");
    assert.equal(await cloudQuotaBytes(t.deps.db, benId), 200 * GB);
    assert.equal(await skipsAnalysisQueue(t.deps.db, benId), true);
    const [bundle] = await activeOf(benId);
    assert.equal((await ben.post(`/infinity/subscriptions/${bundle.id}/cancel`)).status, 303);
    assert.equal(await cloudQuotaBytes(t.deps.db, benId), DEFAULT_CLOUD_QUOTA_BYTES);
    assert.equal(await skipsAnalysisQueue(t.deps.db, benId), false);
    assert.match(await (await ben.get("/infinity")).text(), /No active paid plans/);
  });

  it("lets admins edit prices (yearly follows), never non-admins; plans sold keep their price", async () => {
    assert.equal((await ana.get("/admin/infinity")).status, 403);
    assert.equal((await ana.post("/admin/infinity/plans/cloud_pro", { monthlyPrice: "0.01" })).status, 403);
    const bad = await boss.post("/admin/infinity/plans/cloud_pro", { monthlyPrice: "cheap", features: "" });
    assert.equal(bad.status, 422);
    const html = await bad.text();
    assert.match(html, /id="field-monthlyPrice-error"/);
    assert.match(html, /id="field-features-cloud_pro-error"/);

    const saved = await boss.post("/admin/infinity/plans/cloud_pro", {
      monthlyPrice: "12.50",
      storageGb: "100",
      features: "100 GB storage\nAll Plus features\nPriority sync",
      offered: "on",
    });
    assert.equal(saved.status, 303);
    const [plan] = await t.deps.db.select().from(infinityPlans).where(eq(infinityPlans.id, "cloud_pro"));
    assert.equal(plan.monthlyPriceCents, 1250);
    const page = await (await ana.get("/infinity?billing=yearly")).text();
    assert.match(page, /€120\.00\/year/, "12 × €12.50 − 20 %");
    assert.equal((await activeOf(anaId))[0].priceCents, 9590);
  });

  it("leaves no subscription of a deleted account", async () => {
    assert.equal((await ana.post("/danger-zone/delete", { password: "correct horse battery" })).status, 303);
    const rows = await t.deps.db.select().from(infinitySubscriptions).where(
      eq(infinitySubscriptions.userId, anaId),
    );
    assert.equal(rows.length, 0);
  });
});

describe("MIXERA Infinity connectivity for registered devices", () => {
  let t: TestApp;
  let ana: TestBrowser;
  let ben: TestBrowser;
  let anaCtrl: string;
  let benCtrl: string;

  before(async () => {
    t = await createTestApp();
    ana = t.browser("192.0.2.95");
    ben = t.browser("192.0.2.96");
    await ana.signUp(t, { email: "ana@example.com" });
    await ben.signUp(t, { email: "ben@example.com" });
    const idOf = async (email: string) =>
      (await t.deps.db.select().from(users).where(eq(users.email, email)))[0].id;
    const register = async (userId: string, serial: string, model: string, nickname = "") => {
      const result = await registerDevice(
        t.deps.db,
        userId,
        { serial, model, purchaseDate: "2025-01-22", nickname },
        t.clock.now(),
      );
      assert.ok(result.ok);
      return result.device.id;
    };
    anaCtrl = await register(
      await idOf("ana@example.com"),
      "MXR-20250122-000101",
      "MXR-CTRL-ONE",
      "Club deck",
    );
    benCtrl = await register(await idOf("ben@example.com"), "MXR-20250122-000102", "MXR-CTRL-ONE");
  });
  after(() => t.close());

  it("lists the user's registered controllers with their current connectivity", async () => {
    const page = await (await ana.get("/infinity")).text();
    assert.match(
      page,
      /data-testid="upgradable-devices"[\s\S]*Club deck \(MXR-20250122-000101\): <strong>Basic<\/strong>/,
    );
    assert.doesNotMatch(page, /MXR-20250122-000102/, "not Ben's device");
    assert.doesNotMatch(page, /Register a device first/);
    assert.match(await (await ana.get("/infinity/checkout?plan=connectivity_pro")).text(), /Club deck/);
  });

  it("sells connectivity only for one of the user's own devices", async () => {
    const form = { planId: "connectivity_pro", billing: "monthly", paymentMethod: "PayPal" };
    const missing = await ana.post("/infinity/checkout", form);
    assert.equal(missing.status, 422);
    assert.match(await missing.text(), /id="field-deviceId-error">Choose one of your devices\./);
    const foreign = await ana.post("/infinity/checkout", { ...form, deviceId: benCtrl });
    assert.equal(foreign.status, 422);
    assert.equal((await t.deps.db.select().from(infinitySubscriptions)).length, 0);

    assert.equal((await ana.post("/infinity/checkout", { ...form, deviceId: anaCtrl })).status, 303);
    assert.equal(
      (await ana.post("/infinity/checkout", { ...form, planId: "connectivity_unlimited", deviceId: anaCtrl }))
        .status,
      303,
    );
    const active = await t.deps.db.select().from(infinitySubscriptions).where(
      eq(infinitySubscriptions.status, "active"),
    );
    assert.deepEqual(active.map((s) => [s.planId, s.slot]), [[
      "connectivity_unlimited",
      `device:${anaCtrl}`,
    ]]);
    assert.match(
      await (await ana.get("/infinity")).text(),
      /Club deck \(MXR-20250122-000101\): <strong>Unlimited<\/strong>/,
    );
    assert.equal((await ben.post(`/infinity/subscriptions/${active[0].id}/cancel`)).status, 404);
  });

  it("keeps a device's plan visible and cancellable after the device is removed", async () => {
    await t.deps.db.delete(devices).where(eq(devices.id, anaCtrl));
    const [plan] = await t.deps.db.select().from(infinitySubscriptions).where(
      eq(infinitySubscriptions.status, "active"),
    );
    assert.equal(plan.deviceId, null);
    assert.match(
      await (await ana.get("/infinity")).text(),
      /Unlimited<div class="muted">Device removed from your account/,
    );
    assert.equal((await ana.post(`/infinity/subscriptions/${plan.id}/cancel`)).status, 303);
  });
});

describe("MIXERA Infinity and the cloud library", () => {
  it("sets the library's quota and queue priority, and counts its tracks against downgrades", async () => {
    const t = await createTestApp();
    try {
      const ana = t.browser("192.0.2.97");
      await ana.signUp(t, { email: "ana@example.com" });
      const anaId = (await t.deps.db.select().from(users).where(eq(users.email, "ana@example.com")))[0].id;
      const buy = (planId: string) =>
        ana.post("/infinity/checkout", { planId, billing: "monthly", paymentMethod: "PayPal" });

      assert.equal(await cloudQuotaFor(t.deps.db, anaId), 2 * GB);
      assert.equal((await buy("cloud_plus")).status, 303);
      assert.equal(await cloudQuotaFor(t.deps.db, anaId), 25 * GB);
      assert.equal((await storageUsage(t.deps.db, anaId)).quotaBytes, 25 * GB);
      assert.equal(await skipsQueue(t.deps.db, anaId), false);

      await insertSeedTracks(t.deps.db, anaId, [{ ...seedTracks(1)[0], sizeBytes: 3 * GB }]);
      const [plus] = await t.deps.db.select().from(infinitySubscriptions).where(
        eq(infinitySubscriptions.userId, anaId),
      );
      const cancel = await ana.post(`/infinity/subscriptions/${plus.id}/cancel`);
      assert.equal(cancel.status, 422);
      assert.match(
        await cancel.text(),
        /You store 3 GB, but after this change your cloud storage would be 2 GB/,
      );

      assert.equal((await buy("cloud_pro")).status, 303);
      assert.equal(await skipsQueue(t.deps.db, anaId), true);
      assert.equal(await cloudQuotaFor(t.deps.db, anaId), 100 * GB);
    } finally {
      await t.close();
    }
  });
});
