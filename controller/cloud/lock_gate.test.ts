import { afterEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handleCommand } from "../api/handle_command.ts";
import type { ApiEvent } from "../api/events.ts";
import { createEngineDouble } from "../api/testing/engine_double.ts";
import { Logger } from "../log/logger.ts";
import { ControllerStore } from "../store/store.ts";
import { CloudState } from "./cloud_state.ts";
import { lockGatedEngine } from "./lock_gate.ts";
import type { StemService } from "../engine/types.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), "mixera-cloud-"));
  dirs.push(dir);
  return dir;
}

describe("cloud lock", () => {
  test("a locked controller refuses load_track and play with an error event, and allows the rest", async () => {
    const store = new ControllerStore(freshDataDir());
    const state = new CloudState(store);
    const double = createEngineDouble();
    await double.load(0, "/music/loaded.wav");
    const engine = lockGatedEngine(double, () => state.locked());
    const events: ApiEvent[] = [];
    const context = {
      engine,
      logger: new Logger({ level: "error" }),
      reply: (e: ApiEvent) => events.push(e),
    };
    state.setLocked(true);
    handleCommand({ cmd: "play", deck: 0 }, context);
    handleCommand({ cmd: "load_track", deck: 1, path: "/music/a.wav" }, context);
    handleCommand({ cmd: "pause", deck: 0 }, context);
    await Bun.sleep(5);
    const errors = events.filter((e) => e.event === "error");
    expect(errors.map((e) => (e.data as { cmd: string }).cmd).sort()).toEqual(["load_track", "play"]);
    expect(errors.every((e) => /locked by its owner/.test(String((e.data as { message: string }).message))))
      .toBe(true);
    expect(events.some((e) => e.event === "cmd_ack" && (e.data as { cmd: string }).cmd === "pause")).toBe(
      true,
    );

    state.setLocked(false);
    events.length = 0;
    handleCommand({ cmd: "play", deck: 0 }, context);
    expect(events[0].event).toBe("cmd_ack");
    store.close();
  });

  test("keeps the engine's stem commands, and refuses putting stems on a deck while locked", async () => {
    const loads: string[] = [];
    const stems = {
      status: () => ({ jobs: [] }),
      load: (_deck: number, uid: string) => {
        loads.push(uid);
        return Promise.resolve({ tier: "simple", durationSec: 1 });
      },
    } as unknown as StemService;
    let locked = true;
    const engine = lockGatedEngine({ ...createEngineDouble(), stems }, () => locked);
    expect(engine.stems).toBeDefined();
    expect(engine.stems!.status()).toEqual(stems.status());
    await expect(engine.stems!.load(0, "u1")).rejects.toThrow(/locked by its owner/);
    locked = false;
    expect(await engine.stems!.load(0, "u2")).toEqual({ tier: "simple", durationSec: 1 });
    expect(loads).toEqual(["u2"]);
  });

  test("the lock survives a restart until the cloud lifts it; a factory reset wipes local state", () => {
    const dir = freshDataDir();
    const first = new ControllerStore(dir);
    const state = new CloudState(first);
    state.saveLink({
      portal: "https://mixera.pro",
      serial: "MXR-20250122-000001",
      linkedAt: "2026-01-01T00:00:00Z",
    });
    expect(state.setLocked(true)).toBe(true);
    expect(state.setLocked(true)).toBe(false);
    first.trustAccessory("MXR-20250701-000123");
    first.close();

    const second = new ControllerStore(dir);
    const again = new CloudState(second);
    expect(again.locked()).toBe(true);
    expect(again.link()?.portal).toBe("https://mixera.pro");
    again.wipeLocalState();
    expect(again.locked()).toBe(false);
    expect(again.link()).toBeNull();
    expect(second.listAccessories()).toEqual([]);
    second.close();
  });
});
