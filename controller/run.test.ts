import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "./config/load.ts";
import type { ControllerConfig } from "./config/schema.ts";
import { createMemoryLogger } from "./log/logger.ts";
import { startController } from "./run.ts";
import { serviceKey, type ServiceStarter } from "./service.ts";
import { ACCESSORIES, ocpAccessoryStarter } from "./services.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function config(): ControllerConfig {
  const dir = mkdtempSync(join(tmpdir(), "mixera-run-"));
  dirs.push(dir);
  const result = loadConfig({ env: {}, flags: { "data-dir": dir, "ocp-port": "0" } });
  if (!result.ok) throw new Error(result.message);
  return result.config;
}

function fakeStarter(
  name: string,
  journal: string[],
  options: { fail?: boolean; needs?: string } = {},
): ServiceStarter {
  return {
    name,
    enabled: () => true,
    start(context) {
      if (options.needs) context.use(serviceKey(options.needs));
      if (options.fail) return Promise.reject(new Error("port in use"));
      journal.push(`start ${name}`);
      context.provide(serviceKey(name), { name });
      return Promise.resolve({
        name,
        endpoints: [`${name}: fake`],
        stop: () => Promise.resolve(void journal.push(`stop ${name}`)),
      });
    },
  };
}

describe("controller run lifecycle", () => {
  test("starts services in order, shares what they provide, stops them in reverse", async () => {
    const journal: string[] = [];
    const { logger, records } = createMemoryLogger();
    const controller = await startController(config(), logger, [
      fakeStarter("daemon", journal),
      fakeStarter("engine", journal, { needs: "daemon" }),
      fakeStarter("api", journal, { needs: "engine" }),
    ]);
    expect(controller.services.flatMap((s) => s.endpoints)).toEqual([
      "daemon: fake",
      "engine: fake",
      "api: fake",
    ]);
    await controller.stop();
    await controller.stop();
    expect(journal).toEqual([
      "start daemon",
      "start engine",
      "start api",
      "stop api",
      "stop engine",
      "stop daemon",
    ]);
    expect(records.filter((r) => r.category === "lifecycle").map((r) => `${r.msg} ${r.service}`)).toEqual([
      "device not provisioned: run `mixera-controller provision` undefined",
      "service started daemon",
      "service started engine",
      "service started api",
      "service stopped api",
      "service stopped engine",
      "service stopped daemon",
    ]);
  });

  test("a service that fails to start stops the ones already running and names itself", async () => {
    const journal: string[] = [];
    const { logger } = createMemoryLogger();
    const starting = startController(config(), logger, [
      fakeStarter("daemon", journal),
      fakeStarter("engine", journal, { fail: true }),
    ]);
    expect(starting).rejects.toThrow("cannot start engine: port in use");
    await starting.catch(() => {});
    expect(journal).toEqual(["start daemon", "stop daemon"]);
  });

  test("a service needing one that is not running gets a clear error", () => {
    const { logger } = createMemoryLogger();
    expect(startController(config(), logger, [fakeStarter("api", [], { needs: "engine" })])).rejects.toThrow(
      'service "engine" is not running',
    );
  });

  test("the OCP starter listens where configured and provides the accessory service", async () => {
    const { logger, records } = createMemoryLogger();
    const controller = await startController(config(), logger, [ocpAccessoryStarter]);
    expect(controller.services[0].endpoints[0]).toMatch(/^ocp accessories: tcp 127\.0\.0\.1:\d+$/);
    expect(controller.context.use(ACCESSORIES).accessories()).toEqual([]);
    expect(records.some((r) => r.msg.startsWith("device not provisioned"))).toBe(true);
    await controller.stop();
  });
});
