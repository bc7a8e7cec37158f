import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cpuTemperatureReader } from "./device_health.ts";

let root = "";
afterEach(() => rmSync(root, { recursive: true, force: true }));

function zone(name: string, type: string, temp: string) {
  mkdirSync(join(root, name), { recursive: true });
  writeFileSync(join(root, name, "type"), `${type}\n`);
  writeFileSync(join(root, name, "temp"), `${temp}\n`);
}

describe("CPU temperature", () => {
  test("reads the CPU's zone in °C, preferring it over other zones", () => {
    root = mkdtempSync(join(tmpdir(), "mixera-thermal-"));
    zone("thermal_zone0", "acpitz", "27800");
    zone("thermal_zone1", "cpu-thermal", "52312");
    const read = cpuTemperatureReader(root);
    expect(read()).toBe(52.3);
    writeFileSync(join(root, "thermal_zone1", "temp"), "61049\n");
    expect(read()).toBe(61);
  });

  test("falls back to the first zone that reads, and to null without any", () => {
    root = mkdtempSync(join(tmpdir(), "mixera-thermal-"));
    zone("thermal_zone0", "iwlwifi", "garbage");
    zone("thermal_zone1", "acpitz", "30000");
    expect(cpuTemperatureReader(root)()).toBe(30);
    expect(cpuTemperatureReader(join(root, "missing"))()).toBeNull();
  });
});
