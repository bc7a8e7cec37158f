/**
 * @module
 * Generates a realistic captured device map (Apollo-sized: 24 inputs, 22 outputs, ~11k properties,
 * meters, string/object enums, preset trees) for the import tests and the benchmark.
 */

interface Control {
  path: string;
  type: string;
  min?: number;
  max?: number;
  values?: unknown;
  value?: unknown;
}

export function generateDeviceMap(): { device_name: string; controls: Control[] } {
  const controls: Control[] = [];
  const add = (path: string, type: string, extra: Partial<Control> = {}) =>
    controls.push({ path, type, ...extra });
  const meters = (base: string, count: number) => {
    for (let m = 0; m < count; m++) {
      add(`${base}/meters/${m}/MeterLevel/value`, "float", { min: -77, max: 0, value: -77 });
      add(`${base}/meters/${m}/MeterPeakLevel/value`, "float", { min: -77, max: 0, value: -77 });
      add(`${base}/meters/${m}/MeterClip/value`, "bool", { value: false });
    }
  };
  add("/devices/0/DeviceName", "string", { value: "Apollo x4" });
  add("/devices/0/FirmwareVersion", "string", { value: "10.2.1" });
  add("/devices/0/SampleRate", "int", {
    value: 48000,
    values: [44100, 48000, 88200, 96000].map((v) => ({ value: v, string: `${v / 1000} kHz`, enabled: true })),
  });
  for (let i = 0; i < 24; i++) {
    const base = `/devices/0/inputs/${i}`;
    add(`${base}/Name`, "string", { value: `Input ${i + 1}` });
    add(`${base}/FaderLevel`, "float", { min: -144, max: 12, value: 0 });
    add(`${base}/FaderLevelTapered`, "float", { min: 0, max: 1, value: 0.75 });
    add(`${base}/Pan`, "float", { min: -1, max: 1, value: 0 });
    add(`${base}/Mute`, "bool", { value: false });
    add(`${base}/Solo`, "bool", { value: false });
    add(`${base}/Stereo`, "bool", { value: i % 2 === 0 });
    add(`${base}/InputSelect`, "string", { value: "Line", values: ["Line", "Mic", "Hi-Z"] });
    add(`${base}/ChannelPtr`, "pointer", { value: `0x${(0x1000 + i).toString(16)}` });
    add(`${base}/Id`, "int64", { value: 2 ** 40 + i });
    for (let p = 0; p < 20; p++) add(`${base}/Param${p}`, "float", { min: 0, max: 1, value: p / 20 });
    add(`${base}/preamps/0/Gain`, "float", { min: -144, max: 65, value: 10 });
    add(`${base}/preamps/0/48V`, "bool", { value: false });
    add(`${base}/preamps/0/Pad`, "bool", { value: false });
    add(`${base}/preamps/0/LowCut`, "bool", { value: false });
    add(`${base}/preamps/0/Phase`, "bool", { value: false });
    add(`${base}/preamps/0/Presets`, "string", {
      value: "Default",
      values: { factory: { Default: {}, Vocal: {} } },
    });
    for (let s = 0; s < 24; s++) {
      const send = `${base}/sends/${s}`;
      add(`${send}/Gain`, "float", { min: -144, max: 12, value: -144 });
      add(`${send}/GainTapered`, "float", { min: 0, max: 1, value: 0 });
      add(`${send}/Pan`, "float", { min: -1, max: 1, value: 0 });
      add(`${send}/Bypass`, "bool", { value: false });
      add(`${send}/PostFader`, "bool", { value: true });
      add(`${send}/Mute`, "bool", { value: false });
      add(`${send}/Name`, "string", { value: `Send ${s}` });
      add(`${send}/Enabled`, "bool", { value: true });
    }
    for (let n = 0; n < 5; n++) {
      const insert = `${base}/inserts/${n}`;
      for (let p = 0; p < 8; p++) add(`${insert}/Param${p}`, "float", { min: 0, max: 1, value: 0.5 });
      add(`${insert}/Bypass`, "bool", { value: true });
      add(`${insert}/PluginName`, "string", { value: "" });
    }
    meters(base, 8);
  }
  for (let o = 0; o < 22; o++) {
    const base = `/devices/0/outputs/${o}`;
    add(`${base}/Name`, "string", { value: `Output ${o + 1}` });
    add(`${base}/Mute`, "bool", { value: false });
    add(`${base}/CRMonitorLevel`, "float", { min: -96, max: 0, value: -20 });
    add(`${base}/CRMonitorLevelTapered`, "float", { min: 0, max: 1, value: 0.5 });
    add(`${base}/DimOn`, "bool", { value: false });
    add(`${base}/MixToMono`, "bool", { value: false });
    add(`${base}/Source`, "string", { value: "Mix", values: ["Mix", "Cue 1", "Cue 2", "Line"] });
    for (let p = 0; p < 40; p++) add(`${base}/Param${p}`, "float", { min: 0, max: 1, value: 0 });
    for (let s = 0; s < 12; s++) {
      const bus = `${base}/buses/${s}`;
      for (let p = 0; p < 8; p++) add(`${bus}/Param${p}`, "int", { min: 0, max: 100, value: p });
    }
    meters(base, 10);
  }
  return { device_name: "Apollo x4", controls };
}
