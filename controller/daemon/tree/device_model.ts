/**
 * @module
 * The built-in device model: the MIXERA controller's DJ mixer under Apollo-compatible names, so that
 * UA mixer clients (ConsoleLink, UA Console, UA Connect, cuefinger) can drive it. Where an app names a
 * control differently but means the same thing (`preamps/0/Gain` for the deck trim, `UserDefinedName`
 * for the channel name, `meters/N/Clip` for the clip indicator), the app's name is an alias of the
 * deck's property, so there is one stored value. The README's daemon section documents every control;
 * the engine reads the deck and output controls from here.
 */
import { defineDeckStems } from "./deck_stems.ts";
import type { PropertySpec } from "./property.ts";
import { StateTree } from "./state_tree.ts";
import { dbToTapered } from "./taper.ts";

export const DECK_INPUTS = [0, 1, 2, 3] as const;
export const MASTER_OUTPUT = 18;
export const HEADPHONE_OUTPUTS = [19, 20] as const;
export const BOOTH_OUTPUT = 21;
export const METER_FLOOR_DB = -77;
export const FADER_RANGE_DB = { min: -144, max: 12 } as const;
export const MONITOR_RANGE_DB = { min: -96, max: 0 } as const;
export const DECK_GAIN_RANGE_DB = { min: -24, max: 12 } as const;

const float = (min: number, max: number, value: number): PropertySpec => ({
  type: "float",
  min,
  max,
  default: value,
  value,
});
const bool = (value: boolean): PropertySpec => ({ type: "bool", default: value, value });
const readonly = (spec: PropertySpec): PropertySpec => ({ ...spec, readonly: true });

/**
 * The three meter properties of one channel, at `…/meters/<channel>`, and `Clip`, the name ConsoleLink
 * subscribes to for the clip indicator.
 */
export function defineMeters(tree: StateTree, nodePath: string, channels: number): void {
  for (let channel = 0; channel < channels; channel++) {
    const base = `${nodePath}/meters/${channel}`;
    tree.define(`${base}/MeterLevel`, readonly(float(METER_FLOOR_DB, 0, METER_FLOOR_DB)));
    tree.define(`${base}/MeterPeakLevel`, readonly(float(METER_FLOOR_DB, 0, METER_FLOOR_DB)));
    tree.define(`${base}/MeterClip`, readonly(bool(false)));
    tree.alias(`${base}/Clip`, `${base}/MeterClip`);
  }
}

/** A channel's name under both names apps use: `Name` and UA's `UserDefinedName`, and its kind. */
function defineNaming(tree: StateTree, base: string, name: PropertySpec, ioType: string): void {
  tree.define(`${base}/Name`, name);
  tree.alias(`${base}/UserDefinedName`, `${base}/Name`);
  tree.define(`${base}/IOType`, readonly({ type: "string", value: ioType }));
}

/**
 * The preamp node UA apps read on every input strip. A deck's input stage is the digital trim after the
 * player, so `Gain` (and `GainTapered`) are the deck's trim under the preamp's name; the switches of an
 * analog mic preamp (phantom power, pad, low cut, polarity, Hi-Z) do not exist on a deck and read as
 * readonly `false`, so an app shows them off and a `set` is refused as read-only.
 */
function defineDeckPreamp(tree: StateTree, base: string): void {
  const preamp = `${base}/preamps/0`;
  tree.alias(`${preamp}/Gain`, `${base}/Gain`);
  tree.alias(`${preamp}/GainTapered`, `${base}/GainTapered`);
  for (const analogOnly of ["48V", "Pad", "LowCut", "Phase", "HiZ"]) {
    tree.define(`${preamp}/${analogOnly}`, readonly(bool(false)));
  }
}

/** Properties every daemon has at the root, whatever device it models. */
export function defineRootProperties(tree: StateTree, deviceName: string): void {
  tree.define("/initialized", readonly(bool(true)));
  tree.define("/initialized_percent", readonly({ type: "int", min: 0, max: 100, value: 100 }));
  tree.define("/initialized_status", readonly({ type: "string", value: "Ready" }));
  tree.define("/Sleep", bool(false));
  tree.define("/SampleRate", {
    type: "int",
    value: 48000,
    default: 48000,
    values: [
      { value: 44100, string: "44.1 kHz", enabled: true },
      { value: 48000, string: "48 kHz", enabled: true },
    ],
  });
  tree.define("/ClockSource", {
    type: "string",
    value: "Internal",
    default: "Internal",
    values: ["Internal"],
  });
  tree.define("/DeviceConnectionMode", readonly({ type: "string", value: "Internal" }));
  tree.define("/TotalDSPLoad", readonly(float(0, 100, 0)));
  tree.define("/MeterPulse", readonly({ type: "int", min: 0, value: 0 }));
  tree.define("/devices/0/DeviceOnline", readonly(bool(true)));
  tree.define("/devices/0/DeviceName", readonly({ type: "string", value: deviceName }));
}

function defineDeck(tree: StateTree, index: number): void {
  const base = `/devices/0/inputs/${index}`;
  defineNaming(
    tree,
    base,
    { type: "string", value: `Deck ${index + 1}`, default: `Deck ${index + 1}` },
    "Line",
  );
  tree.define(`${base}/Gain`, float(DECK_GAIN_RANGE_DB.min, DECK_GAIN_RANGE_DB.max, 0));
  tree.define(
    `${base}/GainTapered`,
    float(0, 1, dbToTapered(0, DECK_GAIN_RANGE_DB.min, DECK_GAIN_RANGE_DB.max)),
  );
  defineDeckPreamp(tree, base);
  tree.define(`${base}/FaderLevel`, float(FADER_RANGE_DB.min, FADER_RANGE_DB.max, 0));
  tree.define(
    `${base}/FaderLevelTapered`,
    float(0, 1, dbToTapered(0, FADER_RANGE_DB.min, FADER_RANGE_DB.max)),
  );
  for (const band of ["High", "Mid", "Low"]) {
    tree.define(`${base}/Eq${band}`, float(-26, 6, 0));
    tree.define(`${base}/Eq${band}Kill`, bool(false));
  }
  tree.define(`${base}/Filter`, float(-1, 1, 0));
  tree.define(`${base}/Pan`, float(-1, 1, 0));
  tree.define(`${base}/Mute`, bool(false));
  tree.define(`${base}/Solo`, bool(false));
  tree.define(`${base}/Active`, bool(true));
  tree.define(`${base}/Stereo`, bool(true));
  tree.define(`${base}/CrossfaderAssign`, {
    type: "string",
    value: "THRU",
    default: "THRU",
    values: ["A", "THRU", "B"],
  });
  defineMeters(tree, base, 2);
  defineDeckStems(tree, base);
}

function defineLevelOutput(tree: StateTree, index: number, name: string, ioType: string): string {
  const base = `/devices/0/outputs/${index}`;
  defineNaming(tree, base, readonly({ type: "string", value: name }), ioType);
  tree.define(`${base}/Level`, float(MONITOR_RANGE_DB.min, MONITOR_RANGE_DB.max, -12));
  tree.define(
    `${base}/LevelTapered`,
    float(0, 1, dbToTapered(-12, MONITOR_RANGE_DB.min, MONITOR_RANGE_DB.max)),
  );
  tree.define(`${base}/Mute`, bool(false));
  defineMeters(tree, base, 2);
  return base;
}

/**
 * Builds the MIXERA mixer: four decks, crossfader, master (monitor-style), two headphone and one
 * booth output, plus the root properties clients expect.
 *
 * @example
 * ```ts
 * const tree = createMixeraTree();
 * tree.getValue("/devices/0/inputs/0/FaderLevel"); // 0
 * ```
 */
export function createMixeraTree(options: { onListenerError?: (error: unknown) => void } = {}): StateTree {
  const tree = new StateTree(options);
  defineRootProperties(tree, "MIXERA");
  for (const index of DECK_INPUTS) defineDeck(tree, index);
  tree.define("/devices/0/Crossfader", float(-1, 1, 0));

  const master = `/devices/0/outputs/${MASTER_OUTPUT}`;
  defineNaming(tree, master, readonly({ type: "string", value: "Master" }), "Monitor");
  tree.define(`${master}/CRMonitorLevel`, float(MONITOR_RANGE_DB.min, MONITOR_RANGE_DB.max, 0));
  tree.define(`${master}/CRMonitorLevelTapered`, float(0, 1, 1));
  tree.define(`${master}/Mute`, bool(false));
  tree.define(`${master}/DimOn`, bool(false));
  tree.define(`${master}/DimAttenuation`, float(-60, 0, -20));
  tree.define(`${master}/MixToMono`, bool(false));
  defineMeters(tree, master, 2);

  HEADPHONE_OUTPUTS.forEach((index, n) => {
    const base = defineLevelOutput(tree, index, `Phones ${n + 1}`, "Headphone");
    tree.define(`${base}/CueMix`, float(0, 1, 0));
  });
  defineLevelOutput(tree, BOOTH_OUTPUT, "Booth", "Line");
  return tree;
}
