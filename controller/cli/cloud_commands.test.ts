import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudState } from "../cloud/cloud_state.ts";
import { ControllerStore } from "../store/store.ts";
import { runCli } from "./cli.ts";
import type { CliIo } from "./io.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function harness() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-cloud-cli-"));
  dirs.push(dir);
  const dataDir = join(dir, "data");
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    env: { MIXERA_DATA_DIR: dataDir },
    shutdownSignal: () => new Promise(() => {}),
  };
  return { io, out, err, dataDir };
}

describe("link and status commands", () => {
  test("status shows provisioning, link and lock state", async () => {
    const h = harness();
    expect(await runCli(["status"], h.io)).toBe(0);
    expect(h.out).toEqual(["provisioning: not provisioned", "cloud link: not linked", "lock: unlocked"]);

    expect(await runCli(["provision", "--serial", "MXR-20250122-000007"], h.io)).toBe(0);
    const store = new ControllerStore(h.dataDir);
    const state = new CloudState(store, () => new Date("2026-02-03T04:05:06Z"));
    state.saveLink({
      portal: "https://mixera.pro",
      serial: "MXR-20250122-000007",
      linkedAt: "2026-02-01T00:00:00Z",
    });
    state.setLocked(true);
    store.close();
    h.out.length = 0;
    expect(await runCli(["status"], h.io)).toBe(0);
    expect(h.out).toEqual([
      "provisioning: MXR-20250122-000007 (MXR-DJCTRL-v2)",
      "cloud link: linked to https://mixera.pro since 2026-02-01T00:00:00Z",
      "lock: locked since 2026-02-03T04:05:06.000Z",
    ]);
    h.out.length = 0;
    expect(await runCli(["status", "--json"], h.io)).toBe(0);
    expect(JSON.parse(h.out[0])).toMatchObject({ provisioned: true, linked: true, locked: true });
  });

  test("link needs a portal over https (http only on loopback) and a provisioned device", async () => {
    const h = harness();
    expect(await runCli(["link"], h.io)).toBe(2);
    expect(h.err[0]).toMatch(/needs --portal URL/);
    expect(await runCli(["link", "--portal", "http://portal.example"], h.io)).toBe(2);
    expect(h.err.join("\n")).toMatch(/must be reached over https/);
    expect(await runCli(["link", "--portal", "http://127.0.0.1:9"], h.io)).toBe(1);
    expect(h.err.join("\n")).toMatch(/not provisioned/);
  });

  test("provisioning refuses a serial whose date is not a real day", async () => {
    const h = harness();
    expect(await runCli(["provision", "--serial", "MXR-20250230-000001"], h.io)).toBe(2);
    expect(h.err.join("\n")).toMatch(/not a real calendar day/);
  });
});
