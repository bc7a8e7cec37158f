import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
  type DeviceFacts,
  ineligibility,
  newestEligible,
  type ReleaseCandidate,
  rolloutBucket,
} from "./eligibility.ts";

const release = (version: string, extra: Partial<ReleaseCandidate> = {}): ReleaseCandidate => ({
  version,
  channel: "stable",
  models: ["MXR-CTRL-ONE"],
  minFirmwareVersion: "1.0.0",
  rolloutPercent: 100,
  ...extra,
});
const device: DeviceFacts = {
  serial: "MXR-20250122-000001",
  model: "MXR-CTRL-ONE",
  firmware: "1.3.0",
  channel: "stable",
};

describe("release eligibility", () => {
  it("offers the newest eligible release, by semantic version rather than by list order", async () => {
    const releases = [release("1.4.0"), release("1.10.0"), release("1.9.0")];
    assert.equal((await newestEligible(releases, device))?.version, "1.10.0");
  });

  it("falls back to an older release when the newest needs a higher installed version", async () => {
    const releases = [release("1.4.0"), release("2.0.0", { minFirmwareVersion: "1.4.0" })];
    assert.equal((await newestEligible(releases, device))?.version, "1.4.0");
    assert.equal((await newestEligible(releases, { ...device, firmware: "1.4.0" }))?.version, "2.0.0");
  });

  it("says why a release is not offered", async () => {
    assert.equal(await ineligibility(release("1.4.0", { models: ["MXR-OTHER"] }), device), "model");
    assert.equal(
      await ineligibility(release("1.4.0", { minFirmwareVersion: "1.3.1" }), device),
      "min_firmware",
    );
    assert.equal(await ineligibility(release("1.3.0"), device), "not_newer");
    assert.equal(await ineligibility(release("1.2.0"), device), "not_newer");
    assert.equal(await ineligibility(release("1.4.0", { channel: "beta" }), device), "channel");
    assert.equal(
      await ineligibility(release("1.4.0", { channel: "beta" }), { ...device, channel: "beta" }),
      null,
    );
    assert.equal(await ineligibility(release("1.4.0"), { ...device, firmware: null }), "unknown_firmware");
    assert.equal(await ineligibility(release("1.4.0"), { ...device, firmware: "dev" }), "unknown_firmware");
    assert.equal(await ineligibility(release("1.4.0", { rolloutPercent: 0 }), device), "rollout");
  });

  it("buckets devices deterministically and roughly evenly, and a higher percentage keeps earlier devices", async () => {
    const serials = Array.from({ length: 2000 }, (_, i) => `MXR-20250122-${String(i).padStart(6, "0")}`);
    const buckets = await Promise.all(serials.map((serial) => rolloutBucket("1.4.0", serial)));
    assert.deepEqual(
      buckets.slice(0, 20),
      await Promise.all(serials.slice(0, 20).map((s) => rolloutBucket("1.4.0", s))),
    );
    const inTen = buckets.filter((bucket) => bucket < 10).length;
    assert.ok(inTen > 140 && inTen < 260, `${inTen} of 2000 devices in a 10% rollout`);
    for (const serial of serials.slice(0, 200)) {
      const at10 =
        await ineligibility(release("1.4.0", { rolloutPercent: 10 }), { ...device, serial }) === null;
      const at50 =
        await ineligibility(release("1.4.0", { rolloutPercent: 50 }), { ...device, serial }) === null;
      assert.ok(!at10 || at50, `${serial} left the rollout when it grew`);
    }
    const otherRelease = await Promise.all(serials.map((serial) => rolloutBucket("1.5.0", serial)));
    assert.notDeepEqual(otherRelease, buckets);
  });
});
