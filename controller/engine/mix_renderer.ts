/**
 * @module
 * Renders the four decks through their channel strips (trim, isolator EQ, filter, fader, pan, crossfader)
 * into the master bus (level, mute, dim, mono) and writes interleaved 16-bit stereo. Gain changes ramp
 * across one block so moving a fader does not click; with every control neutral the path is bit-exact.
 */
import type { Deck } from "./deck.ts";
import { crossfaderGain, dbToGain, panGains } from "./dsp/gain.ts";
import { IsolatorEq } from "./dsp/isolator_eq.ts";
import { SweepFilter } from "./dsp/sweep_filter.ts";
import { LevelMeter, type Levels } from "./level_meter.ts";
import type { ChannelControls, MasterControls } from "./mixer_tree.ts";

class ChannelStrip {
  readonly left: Float32Array;
  readonly right: Float32Array;
  readonly eq: [IsolatorEq, IsolatorEq];
  readonly filter: [SweepFilter, SweepFilter];
  readonly meter: LevelMeter;
  eqActive = false;
  /** False until the first block, which starts at its target gains instead of ramping up from 0. */
  primed = false;
  trim = 1;
  outLeft = 0;
  outRight = 0;

  constructor(sampleRate: number, maxFrames: number, meterWindow: number) {
    this.meter = new LevelMeter(2, meterWindow);
    this.left = new Float32Array(maxFrames);
    this.right = new Float32Array(maxFrames);
    this.eq = [new IsolatorEq(sampleRate, maxFrames), new IsolatorEq(sampleRate, maxFrames)];
    this.filter = [new SweepFilter(sampleRate), new SweepFilter(sampleRate)];
  }
}

function eqGain(db: number, kill: boolean): number {
  return kill ? 0 : dbToGain(db);
}

/** Multiplies `signal` by a gain ramping from `from` to `to` over the block (constant when equal). */
function applyGain(signal: Float32Array, frames: number, from: number, to: number): void {
  if (from === to) {
    if (from !== 1) { for (let i = 0; i < frames; i++) signal[i] *= from; }
    return;
  }
  const step = (to - from) / frames;
  for (let i = 0; i < frames; i++) signal[i] *= from + step * (i + 1);
}

function addWithGain(
  bus: Float32Array,
  signal: Float32Array,
  frames: number,
  from: number,
  to: number,
): void {
  if (from === 0 && to === 0) return;
  const step = (to - from) / frames;
  for (let i = 0; i < frames; i++) bus[i] += signal[i] * (from === to ? from : from + step * (i + 1));
}

export class MixRenderer {
  readonly #strips: ChannelStrip[];
  readonly #busLeft: Float32Array;
  readonly #busRight: Float32Array;
  readonly masterMeter: LevelMeter;
  #masterGain = Number.NaN;

  constructor(
    readonly decks: Deck[],
    readonly sampleRate: number,
    readonly maxFrames: number,
    public channelControls: ChannelControls[],
    public masterControls: MasterControls,
    /** Frames per meter reading (the engine takes levels once a window is full). */
    readonly meterWindow = 1024,
  ) {
    this.masterMeter = new LevelMeter(2, meterWindow);
    this.#strips = decks.map(() => new ChannelStrip(sampleRate, maxFrames, meterWindow));
    this.#busLeft = new Float32Array(maxFrames);
    this.#busRight = new Float32Array(maxFrames);
  }

  /** Renders `frames` (≤ maxFrames) interleaved stereo frames into `out`. */
  render(out: Int16Array, frames: number): void {
    const busLeft = this.#busLeft, busRight = this.#busRight;
    busLeft.fill(0, 0, frames);
    busRight.fill(0, 0, frames);
    const master = this.masterControls;
    for (let n = 0; n < this.decks.length; n++) {
      this.#renderChannel(n, frames, master.crossfader);
    }
    const masterGain = master.mute ? 0 : dbToGain(master.levelDb) * (master.dim ? dbToGain(master.dimDb) : 1);
    const previousGain = Number.isNaN(this.#masterGain) ? masterGain : this.#masterGain;
    applyGain(busLeft, frames, previousGain, masterGain);
    applyGain(busRight, frames, previousGain, masterGain);
    this.#masterGain = masterGain;
    if (master.mono) {
      for (let i = 0; i < frames; i++) busLeft[i] = busRight[i] = (busLeft[i] + busRight[i]) * 0.5;
    }
    this.masterMeter.add(0, busLeft, frames);
    this.masterMeter.add(1, busRight, frames);
    for (let i = 0; i < frames; i++) {
      out[2 * i] = toInt16(busLeft[i]);
      out[2 * i + 1] = toInt16(busRight[i]);
    }
  }

  #renderChannel(n: number, frames: number, crossfader: number): void {
    const strip = this.#strips[n];
    const controls = this.channelControls[n];
    const deck = this.decks[n];
    deck.render(strip.left, strip.right, frames, this.sampleRate);
    const trim = dbToGain(controls.gainDb);
    const level = controls.mute
      ? 0
      : dbToGain(controls.faderDb) * crossfaderGain(crossfader, controls.crossfaderAssign);
    const [panLeft, panRight] = panGains(controls.pan);
    if (!strip.primed) {
      [strip.trim, strip.outLeft, strip.outRight, strip.primed] = [
        trim,
        level * panLeft,
        level * panRight,
        true,
      ];
    }
    applyGain(strip.left, frames, strip.trim, trim);
    applyGain(strip.right, frames, strip.trim, trim);
    strip.trim = trim;
    this.#equalize(strip, controls, frames);
    strip.filter[0].process(strip.left, frames, controls.filter);
    strip.filter[1].process(strip.right, frames, controls.filter);
    strip.meter.add(0, strip.left, frames);
    strip.meter.add(1, strip.right, frames);
    addWithGain(this.#busLeft, strip.left, frames, strip.outLeft, level * panLeft);
    addWithGain(this.#busRight, strip.right, frames, strip.outRight, level * panRight);
    strip.outLeft = level * panLeft;
    strip.outRight = level * panRight;
  }

  #equalize(strip: ChannelStrip, controls: ChannelControls, frames: number): void {
    const low = eqGain(controls.eqLowDb, controls.eqLowKill);
    const mid = eqGain(controls.eqMidDb, controls.eqMidKill);
    const high = eqGain(controls.eqHighDb, controls.eqHighKill);
    const flat = low === 1 && mid === 1 && high === 1;
    if (flat) {
      strip.eqActive = false;
      return;
    }
    if (!strip.eqActive) { for (const eq of strip.eq) eq.reset(); }
    strip.eqActive = true;
    strip.eq[0].process(strip.left, frames, low, mid, high);
    strip.eq[1].process(strip.right, frames, low, mid, high);
  }

  /** Levels of each deck channel (pre-fader) since the last call. */
  takeChannelLevels(): Levels[] {
    return this.#strips.map((strip) => strip.meter.take());
  }
}

function toInt16(sample: number): number {
  const scaled = Math.round(sample * 32768);
  return scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
}
