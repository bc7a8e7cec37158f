import { describe, expect, it } from "bun:test";
import { createMemoryLogger } from "../log/logger.ts";
import { createAccessoryEventBus } from "../ocp/event_bus.ts";
import { connectAccessoryFaders, faderTarget } from "./accessory_bridge.ts";
import { createMemoryMixerTree } from "./mixer_tree.ts";

describe("accessory fader bridge", () => {
  it("maps channels 0..3 to the deck faders and 4 to the crossfader", () => {
    expect(faderTarget(0, 0.25)).toEqual({ path: "/devices/0/inputs/0/FaderLevelTapered", value: 0.25 });
    expect(faderTarget(3, 1.5)).toEqual({ path: "/devices/0/inputs/3/FaderLevelTapered", value: 1 });
    expect(faderTarget(4, 0)).toEqual({ path: "/devices/0/Crossfader", value: -1 });
    expect(faderTarget(4, 0.75)).toEqual({ path: "/devices/0/Crossfader", value: 0.5 });
    expect(faderTarget(5, 0.5)).toBeNull();
    expect(faderTarget(1.5, 0.5)).toBeNull();
  });

  it("writes fader moves into the tree, ignores other events, and stops after disconnect", () => {
    const bus = createAccessoryEventBus();
    const tree = createMemoryMixerTree();
    const { logger, records } = createMemoryLogger();
    const disconnect = connectAccessoryFaders(bus, tree, logger);
    bus.emit({ type: "FADER_MOVE", accessory: "MXR-20250101-000001", chan: 1, pos: 0.4 });
    bus.emit({ type: "BUTTON", accessory: null, id: "play", pressed: true });
    bus.emit({ type: "FADER_MOVE", accessory: null, chan: 9, pos: 0.4 });
    bus.emit({ type: "FADER_MOVE", accessory: null, chan: 2, pos: Number.NaN });
    expect(tree.getValue("/devices/0/inputs/1/FaderLevelTapered")).toBe(0.4);
    expect(tree.getValue("/devices/0/inputs/2/FaderLevelTapered")).toBeUndefined();
    expect(records.some((r) => r.msg === "fader move on a channel without a fader" && r.chan === 9)).toBe(
      true,
    );
    disconnect();
    bus.emit({ type: "FADER_MOVE", accessory: null, chan: 1, pos: 0.9 });
    expect(tree.getValue("/devices/0/inputs/1/FaderLevelTapered")).toBe(0.4);
  });
});
