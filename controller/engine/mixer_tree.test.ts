import { describe, expect, it } from "bun:test";
import { controlOf } from "./mixer_tree.ts";

describe("controlOf", () => {
  it("names the channel of a channel control", () => {
    expect(controlOf("/devices/0/inputs/2/FaderLevel")).toEqual({ channel: 2 });
    expect(controlOf("/devices/0/inputs/0/EqLowKill")).toEqual({ channel: 0 });
    expect(controlOf("/devices/0/inputs/3/CrossfaderAssign")).toEqual({ channel: 3 });
  });

  it("names the master for the crossfader and the master output's controls", () => {
    expect(controlOf("/devices/0/Crossfader")).toBe("master");
    expect(controlOf("/devices/0/outputs/18/CRMonitorLevel")).toBe("master");
    expect(controlOf("/devices/0/outputs/18/MixToMono")).toBe("master");
  });

  it("ignores meters and every other path, which change far more often than controls", () => {
    expect(controlOf("/devices/0/inputs/1/meters/0/MeterLevel")).toBeNull();
    expect(controlOf("/devices/0/outputs/18/meters/1/MeterPeakLevel")).toBeNull();
    expect(controlOf("/devices/0/inputs/1/FaderLevelTapered")).toBeNull();
    expect(controlOf("/devices/0/outputs/17/Mute")).toBeNull();
    expect(controlOf("/devices/0/inputs/1/Name")).toBeNull();
  });
});
