/**
 * @module
 * Feeds the tree's meter properties from audio levels. Sources (the engine's buffers, ALSA capture,
 * the test tone) push levels whenever they have a block; a 30 Hz tick turns them into meter values
 * and writes a property only when it moved by ≥ 0.1 dB, or when it last went out a second ago
 * (so a steady tone keeps refreshing). `/MeterPulse/value` counts up at 10 Hz.
 */
import type { Property } from "../tree/property.ts";
import type { StateTree } from "../tree/state_tree.ts";
import { MeterBallistics } from "./ballistics.ts";
import { measureBlock } from "./measure.ts";
import { startTicker } from "./ticker.ts";

export const METER_UPDATE_HZ = 30;
export const METER_PULSE_HZ = 10;
export const METER_MIN_STEP_DB = 0.1;
export const METER_REFRESH_MS = 1000;

/** What the engine and capture sources call; exposed on the daemon handle as `meters`. */
export interface MeterInput {
  /** Levels of one block for the node at `nodePath` (e.g. "/devices/0/inputs/0"), one entry per channel. */
  pushLevels(nodePath: string, levels: { rmsDb: number[]; peakDb: number[] }): void;
  /** Convenience: measures the block itself, then pushes its levels. */
  pushBlock(nodePath: string, channels: Float32Array[]): void;
  /** The audio engine's render load in percent of real time; shown as `/TotalDSPLoad` (0.1 % steps). */
  reportDspLoad(percent: number): void;
}

/** One meter property and what was last sent for it. */
class MeterOutput {
  #lastValue: number | boolean | null = null;
  #lastAt = -Infinity;
  constructor(private readonly property: Property) {}

  update(tree: StateTree, value: number | boolean, now: number): void {
    const moved = typeof value === "number" && typeof this.#lastValue === "number"
      ? Math.abs(value - this.#lastValue) >= METER_MIN_STEP_DB
      : value !== this.#lastValue;
    const due = now - this.#lastAt >= METER_REFRESH_MS;
    if (!moved && !due) return;
    this.#lastValue = value;
    this.#lastAt = now;
    tree.writeInternal(this.property, value, due);
  }
}

interface ChannelMeter {
  ballistics: MeterBallistics;
  level: MeterOutput;
  peak: MeterOutput;
  clip: MeterOutput;
}

const roundDb = (db: number) => Math.round(db * 100) / 100;

export class MeterService implements MeterInput {
  #channels = new Map<string, ChannelMeter[]>();
  /** Channels that ever received audio: only they are ticked. */
  #active = new Set<ChannelMeter>();
  #pulse: Property | undefined;
  #stops: (() => void)[] = [];

  constructor(
    private readonly tree: StateTree,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#pulse = tree.property("/MeterPulse");
    this.#dspLoad = tree.property("/TotalDSPLoad");
  }

  #dspLoad: Property | undefined;

  reportDspLoad(percent: number): void {
    if (!this.#dspLoad || !Number.isFinite(percent)) return;
    this.tree.writeInternal(this.#dspLoad, Math.round(Math.min(100, Math.max(0, percent)) * 10) / 10);
  }

  #channelsOf(nodePath: string, count: number): ChannelMeter[] {
    let channels = this.#channels.get(nodePath);
    if (!channels) {
      channels = [];
      this.#channels.set(nodePath, channels);
    }
    while (channels.length < count) {
      const base = `${nodePath}/meters/${channels.length}`;
      const level = this.tree.property(`${base}/MeterLevel`);
      const peak = this.tree.property(`${base}/MeterPeakLevel`);
      const clip = this.tree.property(`${base}/MeterClip`);
      if (!level || !peak || !clip) throw new Error(`No meter at ${base}`);
      channels.push({
        ballistics: new MeterBallistics(),
        level: new MeterOutput(level),
        peak: new MeterOutput(peak),
        clip: new MeterOutput(clip),
      });
    }
    return channels;
  }

  pushLevels(nodePath: string, levels: { rmsDb: number[]; peakDb: number[] }): void {
    const count = Math.min(levels.rmsDb.length, levels.peakDb.length);
    const channels = this.#channelsOf(nodePath, count);
    const now = this.now();
    for (let i = 0; i < count; i++) {
      channels[i].ballistics.push(levels.rmsDb[i], levels.peakDb[i], now);
      this.#active.add(channels[i]);
    }
  }

  pushBlock(nodePath: string, channels: Float32Array[]): void {
    this.pushLevels(nodePath, measureBlock(channels));
  }

  /** One 30 Hz step: meter values out to the tree (and so to subscribers). */
  tick(now = this.now()): void {
    for (const channel of this.#active) {
      const reading = channel.ballistics.read(now);
      channel.level.update(this.tree, roundDb(reading.level), now);
      channel.peak.update(this.tree, roundDb(reading.peak), now);
      channel.clip.update(this.tree, reading.clip, now);
    }
  }

  /** One 10 Hz step of the heartbeat counter. */
  pulse(): void {
    if (this.#pulse) this.tree.writeInternal(this.#pulse, (this.#pulse.value as number) + 1);
  }

  start(): void {
    this.#stops.push(startTicker(METER_UPDATE_HZ, () => this.tick()));
    this.#stops.push(startTicker(METER_PULSE_HZ, () => this.pulse()));
  }

  stop(): void {
    for (const stop of this.#stops.splice(0)) stop();
  }
}
