// Fault injection with real child processes in a temporary A/B install (see testing/ota_rig.ts):
// SIGKILL during the download, at every install step and during the trial; damaged artifacts;
// refused manifests; new builds that exit at once, hang, or never open their ports. Every case ends
// on a controller that answers with the right version, and with a report (queued outcome or the
// CLI's refusal).
import { afterEach, describe, expect, test } from "bun:test";
import { encodeBase64Url } from "../../shared/devices/base64url.ts";
import type { InstallStep } from "./install.ts";
import { createOtaRig, eventually, type OtaRig, readJson, sizeOf } from "./testing/ota_rig.ts";
import { newSigningKey, signed } from "./testing/releases.ts";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

let rig: OtaRig | null = null;
afterEach(() => {
  rig?.cleanup();
  rig = null;
});

async function runningOn(version: string) {
  await eventually(`${version} answering`, async () => await rig!.runningVersion() === version);
}

describe("power cuts", () => {
  test(
    "SIGKILL during the download: the old build keeps running and the next try resumes with Range",
    async () => {
      rig = await createOtaRig();
      const supervisor = rig.startSupervisor();
      await runningOn("1.0.0");
      const release = await rig.publish("1.1.0", "healthy", {
        padding: 120_000,
        serve: { bytesPerTick: 4096 },
      });
      const part = `${rig.layout.binary("b")}.part`;
      const download = rig.spawnUpdate(["--apply", "--manifest", release.file]);
      await eventually("a partial download", () => sizeOf(part) > 16_384);
      download.kill("SIGKILL");
      await new Promise((resolve) => download.once("exit", resolve));
      const partial = sizeOf(part);
      expect(partial).toBeLessThan(release.artifact.length);
      expect(rig.slots()).toEqual({ current: "slots/a", good: "slots/a" });
      expect(await rig.runningVersion()).toBe("1.0.0");

      rig.server.serve(new URL(release.manifest.artifact_url).pathname.slice(1), { bytes: release.artifact });
      const resumed = await rig.update(["--apply", "--manifest", release.file]);
      expect(resumed.code).toBe(0);
      const ranges = rig.server.ranges.get(new URL(release.manifest.artifact_url).pathname.slice(1))!;
      expect(ranges[0]).toBeNull();
      expect(Number(/^bytes=(\d+)-$/.exec(ranges.at(-1)!)![1])).toBeGreaterThanOrEqual(partial);
      await eventually("1.1.0 marked good", () => rig!.slots().good === "slots/b");
      await runningOn("1.1.0");
      expect(rig.outcomes()).toEqual([{ outcome: "installed", version: "1.1.0", previous_version: "1.0.0" }]);
      await rig.stop(supervisor);
    },
    60_000,
  );

  const steps: InstallStep[] = ["downloading", "verifying", "staging", "staged", "switching", "switched"];
  test(
    "SIGKILL at every install step leaves a runnable controller, and the update completes afterwards",
    async () => {
      for (const step of steps) {
        rig?.cleanup();
        rig = await createOtaRig();
        const release = await rig.publish("1.1.0", "healthy");
        expect(await rig.installKilledAt(release.file, step)).toBeNull();
        const afterSwap = step === "switched";
        expect(rig.slots()).toEqual({ current: afterSwap ? "slots/b" : "slots/a", good: "slots/a" });
        const supervisor = rig.startSupervisor();
        // Power back on: either the old build, or the new one in trial, which then passes.
        if (!afterSwap) {
          await runningOn("1.0.0");
          const retried = await rig.update(["--apply", "--manifest", release.file]);
          expect(retried.code).toBe(0);
        }
        await eventually(`1.1.0 good after a kill at ${step}`, () => rig!.slots().good === "slots/b");
        await runningOn("1.1.0");
        expect(rig.outcomes().map((o) => o.outcome)).toEqual(["installed"]);
        expect(readJson(rig.layout.trustFile)).toEqual({ highestVersion: "1.1.0", lastSequence: 1 });
        await rig.stop(supervisor);
      }
    },
    120_000,
  );

  test("SIGKILL during the trial: the next start runs the trial again and it passes", async () => {
    rig = await createOtaRig();
    let supervisor = rig.startSupervisor();
    await runningOn("1.0.0");
    const release = await rig.publish("1.1.0", "slow_start");
    expect((await rig.update(["--apply", "--manifest", release.file])).code).toBe(0);
    await eventually("the trial's first start", () => existsSync(rig!.layout.trialFile));
    expect(readJson(rig.layout.trialFile)).toEqual({ slot: "b", version: "1.1.0", boots: 1 });
    await rig.powerCut(supervisor);
    expect(rig.slots()).toEqual({ current: "slots/b", good: "slots/a" });

    supervisor = rig.startSupervisor();
    await eventually("1.1.0 good on its second start", () => rig!.slots().good === "slots/b");
    await runningOn("1.1.0");
    expect(existsSync(rig.layout.trialFile)).toBe(false);
    expect(rig.outcomes()).toEqual([{ outcome: "installed", version: "1.1.0", previous_version: "1.0.0" }]);
    await rig.stop(supervisor);
  }, 60_000);

  test("a trial that dies with the machine more often than allowed is rolled back", async () => {
    rig = await createOtaRig({ maxTrialBoots: 1 });
    let supervisor = rig.startSupervisor();
    await runningOn("1.0.0");
    const release = await rig.publish("1.1.0", "slow_start");
    expect((await rig.update(["--apply", "--manifest", release.file])).code).toBe(0);
    await eventually("the trial's first start", () => existsSync(rig!.layout.trialFile));
    await rig.powerCut(supervisor);
    supervisor = rig.startSupervisor();
    await runningOn("1.0.0");
    expect(rig.slots()).toEqual({ current: "slots/a", good: "slots/a" });
    expect(rig.outcomes()).toEqual([{
      outcome: "rolled_back",
      version: "1.1.0",
      previous_version: "1.0.0",
      reason: "the trial was cut short once before its health check passed",
    }]);
    await rig.stop(supervisor);
  }, 60_000);
});

describe("broken new builds are rolled back", () => {
  const cases = [
    {
      behaviour: "exits",
      label: "exits at once",
      reason: /^the new controller exited with code 3 during its trial$/,
    },
    {
      behaviour: "hangs",
      label: "hangs",
      reason: /^health check failed: no pong from the engine API on 127\.0\.0\.1:\d+ within 2\.5 s$/,
    },
    {
      behaviour: "no_ports",
      label: "never opens its ports",
      reason: /^health check failed: no pong from the engine API/,
    },
    {
      behaviour: "not_a_program",
      label: "cannot be executed",
      reason: /^the new controller could not be started: ENOEXEC/,
    },
  ] as const;
  for (const { behaviour, label, reason } of cases) {
    test(`a build that ${label}: back on the old one, rolled_back reported, not retried`, async () => {
      rig = await createOtaRig({ trialMs: 2_500 });
      const supervisor = rig.startSupervisor();
      await runningOn("1.0.0");
      const broken = await rig.publish("1.1.0", behaviour);
      expect((await rig.update(["--apply", "--manifest", broken.file])).code).toBe(0);
      await eventually("the rollback report", () => rig!.outcomes().length === 1);
      await runningOn("1.0.0");
      expect(rig.slots()).toEqual({ current: "slots/a", good: "slots/a" });
      const [report] = rig.outcomes();
      expect(report).toMatchObject({ outcome: "rolled_back", version: "1.1.0", previous_version: "1.0.0" });
      expect(report.outcome === "rolled_back" && report.reason).toMatch(reason);
      // The abandoned version stays burnt (anti-rollback); a newer release installs normally.
      const again = await rig.update(["--apply", "--manifest", broken.file]);
      expect(again.code).toBe(1);
      expect(again.err).toContain("update refused (rollback)");
      const fixed = await rig.publish("1.1.1", "healthy");
      expect((await rig.update(["--apply", "--manifest", fixed.file])).code).toBe(0);
      await runningOn("1.1.1");
      await rig.stop(supervisor);
    }, 60_000);
  }
});

describe("damaged artifacts and refused manifests change nothing", () => {
  test("truncated and corrupted artifacts are refused; the running build stays", async () => {
    rig = await createOtaRig();
    const supervisor = rig.startSupervisor();
    await runningOn("1.0.0");
    const truncated = await rig.publish("1.1.0", "healthy", { padding: 4_000, serve: { truncateAt: 1_000 } });
    const cut = await rig.update(["--apply", "--manifest", truncated.file]);
    expect(cut.code).toBe(1);
    expect(cut.err).toContain(`stopped at 1000 of ${truncated.artifact.length} bytes`);
    const corrupted = await rig.publish("1.1.0", "healthy", { serve: { corruptAt: 40 } });
    const flipped = await rig.update(["--apply", "--manifest", corrupted.file]);
    expect(flipped.code).toBe(1);
    expect(flipped.err).toContain(`its manifest states ${corrupted.manifest.sha256}`);
    expect(existsSync(`${rig.layout.binary("b")}.part`)).toBe(false);
    expect(rig.slots()).toEqual({ current: "slots/a", good: "slots/a" });
    expect(existsSync(rig.layout.trustFile)).toBe(false);
    expect(await rig.runningVersion()).toBe("1.0.0");
    await rig.stop(supervisor);
  }, 60_000);

  test(
    "bad signature, unknown key, expired, downgrade and replay are refused before any download",
    async () => {
      rig = await createOtaRig();
      const supervisor = rig.startSupervisor();
      await runningOn("1.0.0");
      const installed = await rig.publish("1.1.0", "healthy");
      expect((await rig.update(["--apply", "--manifest", installed.file])).code).toBe(0);
      await eventually("1.1.0 good", () => rig!.slots().good === "slots/b");
      const requestsBefore = [...rig.server.ranges.values()].flat().length;

      const tampered = await rig.publish("1.2.0", "healthy");
      const envelope = readJson(tampered.file) as { manifest: string };
      const bytes = new TextEncoder().encode(
        JSON.stringify({ ...tampered.manifest, models: ["MXR-DJCTRL-v2", "X"] }),
      );
      writeFileSync(tampered.file, JSON.stringify({ ...envelope, manifest: encodeBase64Url(bytes) }));
      const strangerKey = await newSigningKey();
      const stranger = await rig.publish("1.2.0", "healthy");
      writeFileSync(stranger.file, JSON.stringify(await signed(stranger.manifest, strangerKey)));
      const expired = await rig.publish("1.2.0", "healthy", {
        fields: { issued_at: "2026-01-01T00:00:00Z", expires_at: "2026-01-01T01:00:00Z" },
      });
      const downgrade = await rig.publish("1.0.9", "healthy");
      const replayed = await rig.publish("1.2.0", "healthy", { fields: { sequence: 1 } });
      const cases: [string, string][] = [
        [tampered.file, "bad_signature"],
        [stranger.file, "unknown_key"],
        [expired.file, "expired"],
        [downgrade.file, "not_newer"],
        [installed.file, "not_newer"],
        [replayed.file, "replayed"],
      ];
      for (const [file, refusal] of cases) {
        const result = await rig.update(["--apply", "--manifest", file]);
        expect({ code: result.code, err: result.err.split(")")[0] }).toEqual({
          code: 1,
          err: `update refused (${refusal}`,
        });
      }
      expect([...rig.server.ranges.values()].flat().length).toBe(requestsBefore);
      expect(rig.slots()).toEqual({ current: "slots/b", good: "slots/b" });
      expect(readJson(rig.layout.trustFile)).toEqual({ highestVersion: "1.1.0", lastSequence: 1 });
      expect(readFileSync(rig.layout.releaseFile("b"), "utf8")).toContain('"version": "1.1.0"');
      await runningOn("1.1.0");
      await rig.stop(supervisor);
    },
    60_000,
  );
});
