import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { previewApplications } from "../../db/schema/devices.ts";
import { users } from "../../db/schema/users.ts";
import { freshSerial } from "../devices/testing/support.ts";
import { ensureControllerApp } from "./controller_app.ts";
import { SimulatedController } from "./testing/support.ts";

const DEVICE_TABLES = ["devices", "device_sessions", "device_jwt_ids", "device_audit_log", "device_settings"];

describe("Danger Zone with devices", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
  });
  after(() => t.close());

  it("exports and deletes the owner's devices, keys, sessions and audit rows", async () => {
    const browser = t.browser("192.0.2.77");
    await browser.signUp(t, { email: "dj@example.com" });
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, "dj@example.com"));
    await t.deps.db.update(users).set({ emailVerifiedAt: t.clock.now() }).where(eq(users.id, user.id));
    await t.deps.db.insert(previewApplications).values({
      userId: user.id,
      status: "accepted",
      motivation: "m",
      gear: "g",
      createdAt: t.clock.now(),
    });
    await browser.post("/devices/cloud-access", { enabled: "on" });
    const controller = await SimulatedController.create(t, freshSerial());
    assert.equal((await controller.link(await controller.authorize(browser))).status, 200);
    assert.equal((await controller.hello()).status, 200);

    const exported = await (await browser.post("/danger-zone/export")).json();
    for (const table of DEVICE_TABLES) {
      assert.ok(exported.tables[table]?.length >= 1, `export holds ${table}`);
    }
    assert.equal(exported.tables.devices[0].serial, controller.serial);
    assert.equal(exported.tables.devices[0].public_key, controller.publicKey);

    assert.equal(
      (await browser.post("/danger-zone/delete", { password: "correct horse battery" })).status,
      303,
    );
    for (const table of DEVICE_TABLES) {
      const { rows } = await t.deps.db.$client.execute(`SELECT COUNT(*) AS n FROM ${table}`);
      assert.equal(Number(rows[0].n), 0, `${table} is empty`);
    }
    assert.equal((await controller.hello()).status, 401, "the device is gone with the account");
  });
});
