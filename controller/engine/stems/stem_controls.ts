/**
 * @module
 * Per-stem controls of a deck in the mixer daemon's state tree: `/devices/0/inputs/N/stems/<stem>/Level`
 * (dB) and `…/Mute`. The daemon defines and persists them; the engine only reads them, so every daemon
 * client can drive a stem deck.
 */
import { dbToGain } from "../dsp/gain.ts";
import { inputPath, type MixerTree } from "../mixer_tree.ts";
import { STEM_NAMES, type StemName } from "./stem_set.ts";

export const STEM_LEVEL_RANGE_DB = { min: -144, max: 12 } as const;
const STEM_CONTROL = /^\/devices\/0\/inputs\/(\d+)\/stems\/(vocals|drums|bass|other)\/(Level|Mute)$/;

export function stemPath(channel: number, stem: StemName): string {
  return `${inputPath(channel)}/stems/${stem}`;
}

/** The deck channel and stem a changed tree path controls, or null when it is no stem control. */
export function stemControlOf(path: string): { channel: number; stem: StemName } | null {
  const match = STEM_CONTROL.exec(path);
  return match ? { channel: Number(match[1]), stem: match[2] as StemName } : null;
}

/** The linear gain of one stem: its Level in dB, 0 when muted; missing values read as 0 dB, unmuted. */
export function readStemGain(tree: MixerTree, channel: number, stem: StemName): number {
  const base = stemPath(channel, stem);
  const mute = tree.getValue(`${base}/Mute`);
  if (mute === true || mute === 1) return 0;
  const level = tree.getValue(`${base}/Level`);
  if (typeof level !== "number" || !Number.isFinite(level)) return 1;
  return dbToGain(Math.min(STEM_LEVEL_RANGE_DB.max, Math.max(STEM_LEVEL_RANGE_DB.min, level)));
}

export function readStemGains(tree: MixerTree, channel: number): Record<StemName, number> {
  return Object.fromEntries(STEM_NAMES.map((stem) => [stem, readStemGain(tree, channel, stem)])) as Record<
    StemName,
    number
  >;
}
