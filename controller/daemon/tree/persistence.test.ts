import { afterAll, describe, expect, it } from "bun:test";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMemoryLogger } from "../../log/logger.ts";
import { TcpTestClient } from "../testing/clients.ts";
import { generateDeviceMap } from "../testing/device_map_fixture.ts";
import { createMixeraTree } from "./device_model.ts";
import { createTreeFromDeviceMap } from "./device_map.ts";
import { StatePersistence } from "./persistence.ts";

const dir = mkdtempSync(join(tmpdir(), "daemon-state-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fader = "/devices/0/inputs/1/FaderLevel";

describe("StatePersistence", () => {
  it("restores writable values after a restart and derives tapered companions", () => {
    const file = join(dir, "not-yet-created", "restart.json");
    const { logger } = createMemoryLogger();
    const first = createMixeraTree();
    const persistence = new StatePersistence(first, file, logger, { handleSignals: false });
    persistence.start();
    first.setValue(fader, -10.5);
    first.setValue("/devices/0/inputs/2/Name", "Vinyl");
    persistence.close();

    const second = createMixeraTree();
    new StatePersistence(second, file, logger, { handleSignals: false }).start();
    expect(second.getValue(fader)).toBe(-10.5);
    expect(second.getValue(`${fader}Tapered`)).toBe(first.getValue(`${fader}Tapered`));
    expect(second.getValue("/devices/0/inputs/2/Name")).toBe("Vinyl");
    const saved = JSON.parse(readFileSync(file, "utf8")).values;
    expect(saved["/initialized"]).toBeUndefined(); // readonly values are not state
    expect(saved[`${fader}Tapered`]).toBeUndefined(); // derived
    expect(saved["/devices/0/inputs/2/UserDefinedName"]).toBeUndefined(); // another name for Name
  });

  it("writes in the background once changes settle", async () => {
    const file = join(dir, "batched.json");
    const tree = createMixeraTree();
    const persistence = new StatePersistence(tree, file, createMemoryLogger().logger, {
      delayMs: 5,
      handleSignals: false,
    });
    persistence.start();
    for (let i = 0; i < 100; i++) tree.setValue(fader, -i);
    await Bun.sleep(20);
    await persistence.flush();
    expect(JSON.parse(readFileSync(file, "utf8")).values[fader]).toBe(-99);
    persistence.close();
  });

  it("writes a large tree a slice at a time, letting the event loop run between slices", async () => {
    const file = join(dir, "sliced.json");
    const tree = createTreeFromDeviceMap(generateDeviceMap());
    const { logger, records } = createMemoryLogger();
    const persistence = new StatePersistence(tree, file, logger, { handleSignals: false });
    persistence.start();
    const writable = [...tree.properties()].filter((p) => !p.readonly && !p.dbCompanion && !p.aliasOf);
    const floats = writable.filter((p) => p.type === "float" && p.spec.min === 0 && p.spec.max === 1);
    const first = floats[0];
    const last = floats.at(-1)!;
    expect(writable.indexOf(last) - writable.indexOf(first)).toBeGreaterThan(5000);
    expect(writable.length).toBeGreaterThan(5000);
    tree.setValue(first.path, 0.25);
    // Runs at the first turn the write gives back: the last slice is not built yet, so it has the change.
    setImmediate(() => tree.setValue(last.path, 0.75));
    await persistence.flush();
    expect(records).toEqual([]);
    const saved = JSON.parse(readFileSync(file, "utf8")).values;
    expect(Object.keys(saved).length).toBe(writable.length);
    expect(saved[first.path]).toBe(0.25);
    expect(saved[last.path]).toBe(0.75);
    persistence.close();
  });

  it("ignores a corrupt state file and values that no longer fit, with a warning", () => {
    const file = join(dir, "corrupt.json");
    writeFileSync(file, "{nope");
    const { logger, records } = createMemoryLogger();
    const tree = createMixeraTree();
    new StatePersistence(tree, file, logger, { handleSignals: false }).start();
    expect(records.some((r) => r.msg === "state file ignored")).toBe(true);
    writeFileSync(
      file,
      JSON.stringify({ version: 1, values: { [fader]: "loud", "/gone": 1, "/Sleep": true } }),
    );
    const again = createMixeraTree();
    new StatePersistence(again, file, logger, { handleSignals: false }).start();
    expect(again.getValue(fader)).toBe(0);
    expect(again.getValue("/Sleep")).toBe(true);
  });

  it("flushes on SIGTERM: a set acknowledged just before the signal survives", async () => {
    const file = join(dir, "sigterm.json");
    const child = Bun.spawn(
      [process.execPath, join(import.meta.dir, "..", "standalone.ts"), JSON.stringify({ stateFile: file })],
      { stdout: "pipe", stderr: "inherit" },
    );
    const reader = child.stdout.getReader();
    const { value } = await reader.read();
    const { ports } = JSON.parse(new TextDecoder().decode(value).split("\n")[0]);
    const client = await TcpTestClient.connect(ports.text);
    const reply = await client.request(`set ${fader}/value?message_id=t:1 -33.5`);
    expect(reply.data).toBe(-33.5);
    child.kill("SIGTERM");
    expect(await child.exited).not.toBe(0);
    expect(JSON.parse(readFileSync(file, "utf8")).values[fader]).toBe(-33.5);
  });
});
