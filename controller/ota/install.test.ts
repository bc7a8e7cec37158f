import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stageRelease, switchToRelease, TrialInProgressError } from "./install.ts";
import { initLayout, readRelease } from "./slots.ts";
import { startArtifactServer } from "./testing/artifact_server.ts";
import { manifestFor, sha256Hex, standInController } from "./testing/releases.ts";
import { readTrust } from "./trust_record.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-install-"));
  const server = startArtifactServer();
  cleanups.push(() => {
    server.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const factory = standInController("1.0.0", "healthy");
  writeFileSync(join(dir, "factory"), factory);
  const layout = initLayout(join(dir, "install"), join(dir, "factory"), {
    version: "1.0.0",
    sha256: sha256Hex(factory),
    size: factory.length,
    sequence: 0,
    installedAt: new Date().toISOString(),
  });
  const artifact = standInController("1.1.0", "healthy");
  server.serve("release", { bytes: artifact });
  const manifest = manifestFor(artifact, server.url("release"), { version: "1.1.0", sequence: 3 });
  return { layout, server, manifest, lock: join(layout.root, "install.lock") };
}

describe("install", () => {
  test("stages into the inactive slot, then switches current and raises the trust record", async () => {
    const { layout, manifest } = setup();
    const steps: string[] = [];
    const slot = await stageRelease(layout, manifest, { onStep: (step) => steps.push(step) });
    expect(slot).toBe("b");
    expect(readRelease(layout, "b")).toMatchObject({
      version: "1.1.0",
      sha256: manifest.sha256,
      sequence: 3,
    });
    expect(readlinkSync(layout.currentLink)).toBe("slots/a");
    switchToRelease(layout, slot, { onStep: (step) => steps.push(step) });
    expect(steps).toEqual(["downloading", "verifying", "staging", "staged", "switching", "switched"]);
    expect(readlinkSync(layout.currentLink)).toBe("slots/b");
    expect(readlinkSync(layout.goodLink)).toBe("slots/a");
    expect(readTrust(layout, { highestVersion: "1.0.0", lastSequence: 0 })).toEqual({
      highestVersion: "1.1.0",
      lastSequence: 3,
    });
    await expect(stageRelease(layout, manifest)).rejects.toThrow(TrialInProgressError);
  });

  test("waits for another installer, then finds the release staged and downloads nothing", async () => {
    const { layout, server, manifest, lock } = setup();
    await stageRelease(layout, manifest);
    expect(server.ranges.get("release")).toHaveLength(1);
    writeFileSync(lock, String(process.pid));
    let done = false;
    const second = stageRelease(layout, manifest).then((slot) => {
      done = true;
      return slot;
    });
    await Bun.sleep(400);
    expect(done).toBe(false);
    rmSync(lock);
    expect(await second).toBe("b");
    expect(server.ranges.get("release")).toHaveLength(1);
    expect(existsSync(lock)).toBe(false);
  });

  test("takes over the lock of an installer that died", async () => {
    const { layout, manifest, lock } = setup();
    const gone = Bun.spawn([process.execPath, "-e", ""]);
    await gone.exited;
    writeFileSync(lock, String(gone.pid));
    expect(await stageRelease(layout, manifest)).toBe("b");
    expect(existsSync(lock)).toBe(false);
  });
});
