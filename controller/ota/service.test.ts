// The running controller's update service against a device API double: it asks for the offer, stages
// the release while decks play, switches only once they stop, and sends queued outcomes.
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIRMWARE_LATEST_PATH, FIRMWARE_OUTCOME_PATH } from "../../shared/ota/mod.ts";
import { ControllerConfigSchema } from "../config/schema.ts";
import { Logger } from "../log/logger.ts";
import { queuedOutcomes, queueOutcome } from "./outcomes.ts";
import { HANDSHAKE_CHECK_SPACING_MS, startOtaService } from "./service.ts";
import { initLayout } from "./slots.ts";
import { startArtifactServer } from "./testing/artifact_server.ts";
import { manifestFor, newSigningKey, sha256Hex, signed, standInController } from "./testing/releases.ts";
import type { DeviceApi } from "./updater.ts";

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(outcomeStatus = 200, ota: Record<string, unknown> = { autoCheck: false }) {
  const dir = mkdtempSync(join(tmpdir(), "mixera-ota-service-"));
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
  const key = await newSigningKey();
  const artifact = standInController("1.1.0", "healthy");
  server.serve("a", { bytes: artifact });
  const offer = await signed(manifestFor(artifact, server.url("a"), { version: "1.1.0", sequence: 4 }), key);
  const calls: string[] = [];
  const reports: unknown[] = [];
  const api: DeviceApi = {
    call(method, path, json) {
      calls.push(`${method} ${path}`);
      if (path === `${FIRMWARE_LATEST_PATH}?channel=stable`) {
        return Promise.resolve({
          status: 200,
          headers: new Headers(),
          body: { update: offer, checked_at: new Date().toISOString() },
        });
      }
      if (path === FIRMWARE_OUTCOME_PATH) reports.push(json);
      return Promise.resolve({
        status: path === FIRMWARE_OUTCOME_PATH ? outcomeStatus : 404,
        headers: new Headers(),
        body: null,
      });
    },
  };
  const config = ControllerConfigSchema.parse({ dataDir: dir, ota }).ota;
  return { layout, key, api, calls, reports, config };
}

describe("update service", () => {
  test("stages while a deck plays and switches only once every deck has stopped", async () => {
    const { layout, key, api, config } = await setup();
    let playing = true;
    const service = startOtaService({
      config,
      target: { layout, model: "MXR-DJCTRL-v2", fallbackVersion: "1.0.0", trustedKeys: [key.publicKey] },
      api,
      logger: new Logger({ level: "error" }),
      decksPlaying: () => playing,
      idlePollMs: 20,
    });
    cleanups.push(() => void service.stop());
    const done = service.checkNow();
    while (!existsSync(layout.releaseFile("b"))) await Bun.sleep(10);
    await Bun.sleep(100);
    expect(readlinkSync(layout.currentLink)).toBe("slots/a");
    playing = false;
    await done;
    expect(readlinkSync(layout.currentLink)).toBe("slots/b");
    expect(readlinkSync(layout.goodLink)).toBe("slots/a");
  });

  test("sends queued outcomes and keeps those the portal did not take", async () => {
    const accepted = await setup(200);
    queueOutcome(accepted.layout, { outcome: "installed", version: "1.1.0", previous_version: "1.0.0" });
    const service = startOtaService({
      config: accepted.config,
      target: { layout: accepted.layout, model: "MXR-DJCTRL-v2", fallbackVersion: "1.0.0" },
      api: accepted.api,
      logger: new Logger({ level: "error" }),
      decksPlaying: () => false,
    });
    await service.stop();
    expect(accepted.reports).toEqual([{ outcome: "installed", version: "1.1.0", previous_version: "1.0.0" }]);
    expect(queuedOutcomes(accepted.layout)).toEqual([]);

    const unavailable = await setup(503);
    queueOutcome(unavailable.layout, { outcome: "installed", version: "1.1.0", previous_version: "1.0.0" });
    const offline = startOtaService({
      config: unavailable.config,
      target: { layout: unavailable.layout, model: "MXR-DJCTRL-v2", fallbackVersion: "1.0.0" },
      api: unavailable.api,
      logger: new Logger({ level: "error" }),
      decksPlaying: () => false,
    });
    await offline.stop();
    expect(unavailable.calls).toEqual([`POST ${FIRMWARE_OUTCOME_PATH}`]);
    expect(queuedOutcomes(unavailable.layout).map((q) => q.report.version)).toEqual(["1.1.0"]);
  });

  test("checks at start and after a handshake, but not after every handshake of a locked controller", async () => {
    const { layout, key, api, calls, config } = await setup(200, { autoInstall: false });
    let clock = 1_000_000;
    const service = startOtaService({
      config,
      target: { layout, model: "MXR-DJCTRL-v2", fallbackVersion: "1.0.0", trustedKeys: [key.publicKey] },
      api,
      logger: new Logger({ level: "error" }),
      decksPlaying: () => false,
      now: () => clock,
    });
    cleanups.push(() => void service.stop());
    const checks = () => calls.filter((call) => call.startsWith(`GET ${FIRMWARE_LATEST_PATH}`)).length;
    await service.checkNow();
    expect(checks()).toBe(1);
    service.checkAfterHandshake();
    expect(checks()).toBe(1);
    clock += HANDSHAKE_CHECK_SPACING_MS;
    service.checkAfterHandshake();
    expect(checks()).toBe(2);
    await service.checkNow();
    clock += HANDSHAKE_CHECK_SPACING_MS - 1;
    service.checkAfterHandshake();
    expect(checks()).toBe(2);
    expect(readlinkSync(layout.currentLink)).toBe("slots/a");
  });
});
