import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { previewApplications } from "../../db/schema/devices.ts";
import { firmwareAuditLog, firmwareOutcomes, firmwareReleases } from "../../db/schema/firmware.ts";
import { users } from "../../db/schema/users.ts";
import { FIRMWARE_OUTCOME_PATH } from "../../../shared/ota/mod.ts";
import { freshSerial } from "../devices/testing/support.ts";
import { ensureControllerApp } from "../device_api/mod.ts";
import { SimulatedController } from "../device_api/testing/support.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { publishRelease } from "./testing/support.ts";

describe("Danger Zone with firmware reports", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
  });
  after(() => t.close());

  it("exports and deletes the owner's update reports; releases and their audit entries stay", async () => {
    const admin = await signedInUser(t, { role: "admin" });
    assert.equal((await publishRelease(admin.browser, { version: "1.4.0" })).status, 303);
    const browser = t.browser("192.0.2.78");
    await browser.signUp(t, { email: "owner@example.com" });
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, "owner@example.com"));
    await t.deps.db.insert(previewApplications).values({
      userId: user.id,
      status: "accepted",
      motivation: "m",
      gear: "g",
      createdAt: t.clock.now(),
    });
    const controller = await SimulatedController.create(t, freshSerial());
    assert.equal((await controller.link(await controller.authorize(browser))).status, 200);
    assert.equal((await controller.hello()).status, 200);
    const report = { outcome: "rolled_back", version: "1.4.0", previous_version: "1.3.0", reason: "hung" };
    const res = await controller.call(FIRMWARE_OUTCOME_PATH, {
      method: "POST",
      body: JSON.stringify(report),
    });
    assert.equal(res.status, 200);

    const exported = await (await browser.post("/danger-zone/export")).json();
    assert.equal(exported.tables.firmware_outcomes?.[0]?.reason, "hung");
    assert.equal(exported.tables.firmware_audit_log?.[0]?.serial, controller.serial);
    assert.equal(exported.tables.firmware_releases, undefined);

    assert.equal(
      (await browser.post("/danger-zone/delete", { password: "correct horse battery" })).status,
      303,
    );
    assert.deepEqual(await t.deps.db.select().from(firmwareOutcomes), []);
    const left = await t.deps.db.select().from(firmwareAuditLog);
    assert.deepEqual(left.map((entry) => entry.event), ["release_published"]);
    assert.equal((await t.deps.db.select().from(firmwareReleases)).length, 1);
  });
});
