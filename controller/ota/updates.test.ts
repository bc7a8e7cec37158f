// Updates end to end through real child processes: `mixera-controller update` installs signed
// releases of stand-in controllers into a temporary A/B install, `mixera-controller supervise` runs
// them, trials new ones and rolls back. Ten updates in a row alternate the slots.
import { afterEach, describe, expect, test } from "bun:test";
import { createOtaRig, eventually, type OtaRig } from "./testing/ota_rig.ts";

let rig: OtaRig | null = null;
afterEach(() => {
  rig?.cleanup();
  rig = null;
});

describe("consecutive updates", () => {
  test("ten updates in a row alternate the slots and end on the last version, each reported", async () => {
    rig = await createOtaRig();
    const supervisor = rig.startSupervisor();
    await eventually("the factory controller", async () => await rig!.runningVersion() === "1.0.0");
    for (let i = 1; i <= 10; i++) {
      const version = `1.0.${i}`;
      const release = await rig.publish(version, "healthy");
      const applied = await rig.update(["--apply", "--manifest", release.file]);
      expect(applied.err).toBe("");
      expect(applied.code).toBe(0);
      const slot = i % 2 === 1 ? "slots/b" : "slots/a";
      await eventually(`${version} marked good in ${slot}`, () => rig!.slots().good === slot);
      await eventually(`${version} running`, async () => await rig!.runningVersion() === version);
    }
    expect(rig.slots()).toEqual({ current: "slots/a", good: "slots/a" });
    expect(await rig.runningVersion()).toBe("1.0.10");
    expect(rig.outcomes().map((o) => `${o.outcome} ${o.version}`).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `installed 1.0.${i + 1}`).sort(),
    );
    await rig.stop(supervisor);
  }, 120_000);
});
