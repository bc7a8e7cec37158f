/**
 * @module
 * The engine's view of the mixer daemon's state tree: it reads channel and master controls and watches for
 * changes, but never owns them. Property paths carry no `/value` suffix.
 */

/** What the engine needs from the mixer daemon's StateTree (implemented there structurally). */
export interface MixerTree {
  getValue(path: string): unknown;
  setValue(path: string, value: unknown): { ok: boolean };
  watch(prefix: string, listener: (path: string, value: unknown) => void): () => void;
}

export const DEVICE_PREFIX = "/devices/0";
export const CROSSFADER_PATH = `${DEVICE_PREFIX}/Crossfader`;
export const MASTER_OUTPUT_PATH = `${DEVICE_PREFIX}/outputs/18`;

export function inputPath(channel: number): string {
  return `${DEVICE_PREFIX}/inputs/${channel}`;
}

export type CrossfaderAssign = "A" | "THRU" | "B";

export interface ChannelControls {
  gainDb: number;
  faderDb: number;
  eqHighDb: number;
  eqMidDb: number;
  eqLowDb: number;
  eqHighKill: boolean;
  eqMidKill: boolean;
  eqLowKill: boolean;
  /** -1..1: below 0 a low-pass sweep, above 0 a high-pass sweep, 0 off. */
  filter: number;
  pan: number;
  mute: boolean;
  crossfaderAssign: CrossfaderAssign;
}

export interface MasterControls {
  /** -1 is fully side A, 1 fully side B. */
  crossfader: number;
  levelDb: number;
  mute: boolean;
  dim: boolean;
  /** How far DimOn lowers the master (dB, -20 unless the tree says otherwise). */
  dimDb: number;
  mono: boolean;
}

function numberAt(tree: MixerTree, path: string, fallback: number, min: number, max: number): number {
  const value = tree.getValue(path);
  return typeof value === "number" && Number.isFinite(value) ? Math.min(max, Math.max(min, value)) : fallback;
}

function booleanAt(tree: MixerTree, path: string): boolean {
  const value = tree.getValue(path);
  return value === true || value === 1;
}

const CHANNEL_CONTROLS = new Set([
  "Gain",
  "FaderLevel",
  "EqHigh",
  "EqMid",
  "EqLow",
  "EqHighKill",
  "EqMidKill",
  "EqLowKill",
  "Filter",
  "Pan",
  "Mute",
  "CrossfaderAssign",
]);
const MASTER_CONTROLS = new Set([
  CROSSFADER_PATH,
  ...["CRMonitorLevel", "Mute", "DimOn", "DimAttenuation", "MixToMono"].map((name) =>
    `${MASTER_OUTPUT_PATH}/${name}`
  ),
]);
const CHANNEL_PROPERTY = /^\/devices\/0\/inputs\/(\d+)\/([A-Za-z]+)$/;

/**
 * Which controls a changed tree path belongs to: a channel's, the master's, or none. The daemon writes its
 * meters into the same tree about 30 times a second per channel; they must not cost a re-read of the
 * controls (that re-read on every meter write used to stall the event loop for over a millisecond).
 */
export function controlOf(path: string): { channel: number } | "master" | null {
  if (MASTER_CONTROLS.has(path)) return "master";
  const match = CHANNEL_PROPERTY.exec(path);
  return match && CHANNEL_CONTROLS.has(match[2]) ? { channel: Number(match[1]) } : null;
}

/** Reads one deck channel; a missing or malformed value reads as the neutral setting. */
export function readChannelControls(tree: MixerTree, channel: number): ChannelControls {
  const base = inputPath(channel);
  const assign = tree.getValue(`${base}/CrossfaderAssign`);
  return {
    gainDb: numberAt(tree, `${base}/Gain`, 0, -144, 24),
    faderDb: numberAt(tree, `${base}/FaderLevel`, 0, -144, 12),
    eqHighDb: numberAt(tree, `${base}/EqHigh`, 0, -144, 12),
    eqMidDb: numberAt(tree, `${base}/EqMid`, 0, -144, 12),
    eqLowDb: numberAt(tree, `${base}/EqLow`, 0, -144, 12),
    eqHighKill: booleanAt(tree, `${base}/EqHighKill`),
    eqMidKill: booleanAt(tree, `${base}/EqMidKill`),
    eqLowKill: booleanAt(tree, `${base}/EqLowKill`),
    filter: numberAt(tree, `${base}/Filter`, 0, -1, 1),
    pan: numberAt(tree, `${base}/Pan`, 0, -1, 1),
    mute: booleanAt(tree, `${base}/Mute`),
    crossfaderAssign: assign === "A" || assign === "B" ? assign : "THRU",
  };
}

export function readMasterControls(tree: MixerTree): MasterControls {
  return {
    crossfader: numberAt(tree, CROSSFADER_PATH, 0, -1, 1),
    levelDb: numberAt(tree, `${MASTER_OUTPUT_PATH}/CRMonitorLevel`, 0, -144, 12),
    mute: booleanAt(tree, `${MASTER_OUTPUT_PATH}/Mute`),
    dim: booleanAt(tree, `${MASTER_OUTPUT_PATH}/DimOn`),
    dimDb: numberAt(tree, `${MASTER_OUTPUT_PATH}/DimAttenuation`, -20, -144, 0),
    mono: booleanAt(tree, `${MASTER_OUTPUT_PATH}/MixToMono`),
  };
}

/** A plain in-memory tree with the same interface, for tests and for running without a daemon. */
export function createMemoryMixerTree(initial: Record<string, unknown> = {}): MixerTree {
  const values = new Map(Object.entries(initial));
  const watchers = new Set<{ prefix: string; listener: (path: string, value: unknown) => void }>();
  return {
    getValue: (path) => values.get(path),
    setValue(path, value) {
      values.set(path, value);
      for (const w of watchers) if (path.startsWith(w.prefix)) w.listener(path, value);
      return { ok: true };
    },
    watch(prefix, listener) {
      const entry = { prefix, listener };
      watchers.add(entry);
      return () => watchers.delete(entry);
    },
  };
}
