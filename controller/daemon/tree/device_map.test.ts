import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateDeviceMap } from "../testing/device_map_fixture.ts";
import { createTreeFromDeviceMap, loadDeviceMapFile } from "./device_map.ts";

const dir = mkdtempSync(join(tmpdir(), "device-map-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("device map import", () => {
  it("imports an 11k-property capture with types, ranges, enums and readonly meters", async () => {
    const file = join(dir, "apollo.json");
    writeFileSync(file, JSON.stringify(generateDeviceMap()));
    const tree = await loadDeviceMapFile(file);
    expect(tree.propertyCount).toBeGreaterThan(11_000);
    expect(tree.getValue("/devices/0/DeviceName")).toBe("Apollo x4");
    expect(tree.getValue("/devices/0/inputs/3/preamps/0/Gain")).toBe(10);
    expect(tree.getValue("/devices/0/inputs/0/Id")).toBe(2 ** 40);
    expect(tree.setValue("/devices/0/inputs/0/InputSelect", "Mic").ok).toBe(true);
    expect(tree.setValue("/devices/0/inputs/0/InputSelect", "Banjo").ok).toBe(false);
    expect(tree.property("/devices/0/inputs/0/meters/0/MeterLevel")?.readonly).toBe(true);
    // Preset trees are kept but not enforced.
    expect(tree.setValue("/devices/0/inputs/0/preamps/0/Presets", "Anything").ok).toBe(true);
    // Companions follow our curve from the captured dB value.
    expect(tree.getValue("/devices/0/outputs/4/CRMonitorLevelTapered")).toBeCloseTo(10 ** (-20 / 60), 9);
    expect(tree.getValue("/initialized")).toBe(true);
  });

  it("falls back to the type's zero for a captured value of the wrong type", () => {
    const tree = createTreeFromDeviceMap({
      device_name: "x",
      controls: [{ path: "/devices/0/a", type: "float", value: "loud" }],
    });
    expect(tree.getValue("/devices/0/a")).toBe(0);
  });

  it("names the file and the problem for bad maps", async () => {
    const notJson = join(dir, "bad.json");
    writeFileSync(notJson, "{");
    await expect(loadDeviceMapFile(notJson)).rejects.toThrow(/bad\.json: not JSON/);
    const wrongShape = join(dir, "shape.json");
    writeFileSync(
      wrongShape,
      JSON.stringify({ device_name: "x", controls: [{ path: "/a", type: "matrix" }] }),
    );
    await expect(loadDeviceMapFile(wrongShape)).rejects.toThrow(/shape\.json: not a device map/);
    await expect(loadDeviceMapFile(join(dir, "missing.json"))).rejects.toThrow();
  });
});
