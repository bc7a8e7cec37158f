import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createTestApp, type TestApp } from "../../testing/test_app.ts";
import { signedInUser } from "../oauth/testing/fixture.ts";
import { telemetryDevice } from "../telemetry/testing/telemetry_device.ts";
import { sendSet } from "../dj_stats/testing/played_set.ts";

describe("Sustainability", () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp();
  });
  after(() => t.close());

  it("starts at zero with the seed's texts", async () => {
    const { browser } = await signedInUser(t, { ip: "10.77.0.1" });
    const page = await (await browser.get("/sustainability")).text();
    assert.match(page, /Sustainability Dashboard/);
    assert.match(page, /data-testid="energy-used">0 kWh/);
    assert.match(page, /≈ 0 kg CO₂ produced/);
    assert.match(page, /data-testid="trees-planted">0 trees/);
    assert.match(page, /Use 100 more kWh to plant another tree! 🌱/);
    assert.match(
      page,
      /Each tree represents a real tree planted through our partnership with One Tree Planted 🌍/,
    );
    assert.match(page, /Each 🌲 represents 10 trees \(1 forest\)/);
    assert.match(page, /Each tree absorbs approximately 22 kg of CO₂ per year/);
  });

  it("turns the devices' energy into CO₂, trees and progress, and counts them for the community", async () => {
    const before = await (await (await signedInUser(t, { ip: "10.77.0.2" })).browser.get("/sustainability"))
      .text();
    const treesBefore = Number(/data-testid="community-trees">(\d+)/.exec(before)![1]);
    const device = await telemetryDevice(t);
    await sendSet(device, {
      start: new Date(t.clock.now().getTime() - 3_600_000),
      tracks: [{ title: "Long Night", artist: "Eco", seconds: 1800 }],
      energyWh: 250_000,
    });
    const page = await (await device.owner.browser.get("/sustainability")).text();
    assert.match(page, /data-testid="energy-used">250 kWh/);
    assert.match(page, /data-testid="co2-produced">≈ 90\.8 kg CO₂ produced/);
    assert.match(page, /data-testid="trees-planted">2 trees/);
    assert.match(page, /data-testid="co2-absorbed">≈ 44 kg CO₂ absorbed\/year/);
    assert.match(page, /Use 50 more kWh to plant another tree!/);
    assert.match(page, /🌳🌳/);
    assert.equal(Number(/data-testid="community-trees">(\d+)/.exec(page)![1]), treesBefore + 2);
  });
});
