/**
 * @module
 * What the recorder needs from the mixer daemon's state tree, kept current by watching it: how loud
 * each deck channel is on the master (channel fader × crossfader curve, the renderer's own gains),
 * when each channel's bass was cut and brought back, and how often the DJ moved a fader, the
 * crossfader or an EQ. A move is one gesture: changes closer together than {@link GESTURE_GAP_MS}
 * belong to the same one, so a slow fader ride counts once however many values it sent.
 */
import { crossfaderGain, dbToGain } from "../engine/dsp/gain.ts";
import {
  type ChannelControls,
  controlOf,
  DEVICE_PREFIX,
  type MasterControls,
  type MixerTree,
  readChannelControls,
  readMasterControls,
} from "../engine/mixer_tree.ts";
import { DECK_COUNT } from "../engine/types.ts";

export const GESTURE_GAP_MS = 300;
/** A channel counts as on air above -40 dB (1 % of full level): a fader pulled nearly down is not heard. */
export const ON_AIR_GAIN = 0.01;
/** The low band counts as cut at or below this (or killed) … */
export const LOW_CUT_DB = -12;
/** … and as back in at or above this, so a knob resting in between changes nothing. */
export const LOW_OPEN_DB = -3;

export interface MixerCounts {
  faderMoves: number;
  crossfaderMoves: number;
  eqMoves: number;
}

type Gesture = keyof MixerCounts;

const FADER_PROPERTIES = new Set(["FaderLevel"]);
const EQ_PROPERTIES = new Set(["EqHigh", "EqMid", "EqLow", "EqHighKill", "EqMidKill", "EqLowKill"]);
const CHANNEL_PROPERTY = /\/([A-Za-z]+)$/;

/** The gain a channel reaches the master with, as the mix renderer computes it. */
export function channelGain(channel: ChannelControls, master: MasterControls): number {
  if (channel.mute) return 0;
  return dbToGain(channel.faderDb) * crossfaderGain(master.crossfader, channel.crossfaderAssign);
}

interface LowBand {
  cut: boolean;
  cutAtMs: number | null;
  boostAtMs: number | null;
}

export class MixerActivity {
  #channels: ChannelControls[];
  #master: MasterControls;
  readonly #low: LowBand[];
  #counts: MixerCounts = { faderMoves: 0, crossfaderMoves: 0, eqMoves: 0 };
  readonly #lastChange = new Map<string, number>();
  readonly #unwatch: () => void;

  constructor(
    private readonly tree: MixerTree,
    /** Called after a change that can move a channel on or off air. */
    private readonly onLevels: (nowMs: number) => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.#channels = Array.from({ length: DECK_COUNT }, (_, n) => readChannelControls(tree, n));
    this.#master = readMasterControls(tree);
    this.#low = this.#channels.map((channel) => ({ cut: isLowCut(channel), cutAtMs: null, boostAtMs: null }));
    this.#unwatch = tree.watch(DEVICE_PREFIX, (path) => this.#changed(path));
  }

  /** The channel's gain on the master now (0 when muted, faded out or crossfaded away). */
  gain(deck: number): number {
    return channelGain(this.#channels[deck], this.#master);
  }

  onAir(deck: number): boolean {
    return this.gain(deck) >= ON_AIR_GAIN;
  }

  /** When the deck's bass was last cut and last brought back (ms since the epoch). */
  lowBand(deck: number): { cutAtMs: number | null; boostAtMs: number | null } {
    const { cutAtMs, boostAtMs } = this.#low[deck];
    return { cutAtMs, boostAtMs };
  }

  /** The gestures counted since the last call. */
  takeCounts(): MixerCounts {
    const counts = this.#counts;
    this.#counts = { faderMoves: 0, crossfaderMoves: 0, eqMoves: 0 };
    return counts;
  }

  close(): void {
    this.#unwatch();
  }

  #changed(path: string): void {
    // The daemon writes meters into the same tree ~30 times a second per channel: drop them first.
    const control = controlOf(path);
    if (!control) return;
    const nowMs = this.now();
    if (control === "master") {
      this.#master = readMasterControls(this.tree);
      if (path.endsWith("/Crossfader")) this.#count("crossfaderMoves", path, nowMs);
      this.onLevels(nowMs);
      return;
    }
    if (control.channel >= DECK_COUNT) return;
    const property = CHANNEL_PROPERTY.exec(path)?.[1] ?? "";
    const channel = readChannelControls(this.tree, control.channel);
    this.#channels[control.channel] = channel;
    if (FADER_PROPERTIES.has(property)) this.#count("faderMoves", path, nowMs);
    if (EQ_PROPERTIES.has(property)) {
      this.#count("eqMoves", path, nowMs);
      this.#trackLowBand(control.channel, channel, nowMs);
    }
    this.onLevels(nowMs);
  }

  #count(gesture: Gesture, path: string, nowMs: number): void {
    const last = this.#lastChange.get(path);
    this.#lastChange.set(path, nowMs);
    if (last === undefined || nowMs - last >= GESTURE_GAP_MS) this.#counts[gesture]++;
  }

  #trackLowBand(deck: number, channel: ChannelControls, nowMs: number): void {
    const band = this.#low[deck];
    if (!band.cut && isLowCut(channel)) {
      band.cut = true;
      band.cutAtMs = nowMs;
    } else if (band.cut && isLowOpen(channel)) {
      band.cut = false;
      band.boostAtMs = nowMs;
    }
  }
}

function isLowCut(channel: ChannelControls): boolean {
  return channel.eqLowKill || channel.eqLowDb <= LOW_CUT_DB;
}

function isLowOpen(channel: ChannelControls): boolean {
  return !channel.eqLowKill && channel.eqLowDb >= LOW_OPEN_DB;
}
