import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { eq } from "drizzle-orm";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { previewApplications } from "../../db/schema/devices.ts";
import { users } from "../../db/schema/users.ts";
import { ensureControllerApp } from "../device_api/mod.ts";
import { addController, addLibraryTrack, cloudOwner } from "./testing/support.ts";

describe("Danger Zone with device downloads", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
    await ensureControllerApp(t.deps.db, t.clock.now());
  });
  after(() => t.close());

  const downloads = async () =>
    Number((await t.deps.db.$client.execute("SELECT COUNT(*) AS n FROM device_track_downloads")).rows[0].n);

  it("exports the owner's download records and deletes them with the account, and nobody else's", async () => {
    const browser = t.browser("192.0.2.78");
    await browser.signUp(t, { email: "dl@example.com" });
    const [user] = await t.deps.db.select().from(users).where(eq(users.email, "dl@example.com"));
    await t.deps.db.insert(previewApplications).values({
      userId: user.id,
      status: "accepted",
      motivation: "m",
      gear: "g",
      createdAt: t.clock.now(),
    });
    await browser.post("/devices/cloud-access", { enabled: "on" });
    const controller = await addController(t, browser);
    await addLibraryTrack(t, user.id, { id: "dz-track", title: "Mine" });
    assert.equal((await controller.call("/api/device/cloud/tracks/dz-track/download")).status, 200);
    const other = await cloudOwner(t);
    await addLibraryTrack(t, other.user.id, { id: "dz-other", title: "Theirs" });
    assert.equal((await other.controller.call("/api/device/cloud/tracks/dz-other/download")).status, 200);

    const exported = await (await browser.post("/danger-zone/export")).json();
    assert.deepEqual(
      exported.tables.device_track_downloads.map((row: { track_id: string }) => row.track_id),
      [
        "dz-track",
      ],
    );
    assert.equal(exported.tables.url_signing_keys, undefined, "the portal's signing key is no one's data");

    assert.equal(
      (await browser.post("/danger-zone/delete", { password: "correct horse battery" })).status,
      303,
    );
    assert.equal(await downloads(), 1, "only the other owner's record is left");
  });
});
