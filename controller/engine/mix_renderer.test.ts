import { describe, expect, it } from "bun:test";
import { Deck } from "./deck.ts";
import { crossfaderGain, dbToGain, panGains } from "./dsp/gain.ts";
import { filterSetting } from "./dsp/sweep_filter.ts";
import { MixRenderer } from "./mix_renderer.ts";
import { createMemoryMixerTree, readChannelControls, readMasterControls } from "./mixer_tree.ts";
import { BLOCK_FRAMES, TrackBuffer } from "./track_buffer.ts";
import { DECK_COUNT, type DeckId } from "./types.ts";

const RATE = 44100;
const BLOCK = 256;

function sineTrack(frequency: number, frames: number, amplitude = 0.5): TrackBuffer {
  const track = new TrackBuffer(RATE, 2, frames);
  for (let start = 0; start < frames; start += BLOCK_FRAMES) {
    const length = Math.min(BLOCK_FRAMES, frames - start);
    const data = new Int16Array(length).map((_, i) =>
      Math.round(Math.sin((2 * Math.PI * frequency * (start + i)) / RATE) * amplitude * 32767)
    );
    track.append([data, data.slice()]);
  }
  track.complete = true;
  return track;
}

function setup(tracks: (TrackBuffer | null)[], values: Record<string, unknown> = {}) {
  const tree = createMemoryMixerTree(values);
  const decks = Array.from({ length: DECK_COUNT }, (_, id) => {
    const deck = new Deck(id as DeckId);
    const track = tracks[id];
    if (track) {
      deck.mount(track, {
        path: "",
        title: null,
        artist: null,
        album: null,
        format: "wav",
        sourceSampleRate: RATE,
        channels: 2,
      });
      deck.play();
    }
    return deck;
  });
  const renderer = new MixRenderer(
    decks,
    RATE,
    BLOCK,
    decks.map((_, n) => readChannelControls(tree, n)),
    readMasterControls(tree),
  );
  const refresh = () => {
    renderer.channelControls = decks.map((_, n) => readChannelControls(tree, n));
    renderer.masterControls = readMasterControls(tree);
  };
  return { tree, decks, renderer, refresh };
}

/** Renders `blocks` blocks and returns the left channel of the last `measure` blocks. */
function renderLeft(renderer: MixRenderer, blocks: number, measure = blocks): Float32Array {
  const out = new Int16Array(BLOCK * 2);
  const left = new Float32Array(measure * BLOCK);
  for (let b = 0; b < blocks; b++) {
    renderer.render(out, BLOCK);
    const at = (b - (blocks - measure)) * BLOCK;
    if (at >= 0) { for (let i = 0; i < BLOCK; i++) left[at + i] = out[2 * i] / 32768; }
  }
  return left;
}

function rms(samples: Float32Array): number {
  return Math.sqrt(samples.reduce((sum, x) => sum + x * x, 0) / samples.length);
}

describe("gain laws", () => {
  it("converts dB with exact unity and silence at -144", () => {
    expect(dbToGain(0)).toBe(1);
    expect(dbToGain(-144)).toBe(0);
    expect(dbToGain(-6)).toBeCloseTo(0.501, 3);
  });

  it("keeps both crossfader sides full at the centre and cuts the far side", () => {
    expect([crossfaderGain(0, "A"), crossfaderGain(0, "B")]).toEqual([1, 1]);
    expect([crossfaderGain(1, "A"), crossfaderGain(-1, "B")]).toEqual([0, 0]);
    expect([crossfaderGain(-1, "A"), crossfaderGain(0.5, "A"), crossfaderGain(1, "THRU")]).toEqual([
      1,
      0.5,
      1,
    ]);
  });

  it("pans as a balance control", () => {
    expect(panGains(0)).toEqual([1, 1]);
    expect(panGains(-1)).toEqual([1, 0]);
    expect(panGains(0.5)).toEqual([0.5, 1]);
  });

  it("maps the filter knob to low-pass left, high-pass right, with a dead zone", () => {
    expect(filterSetting(0.005)).toBeNull();
    expect(filterSetting(-1)).toEqual({ kind: "lowpass", frequency: 40 });
    expect(filterSetting(1)?.kind).toBe("highpass");
    expect(filterSetting(1)?.frequency).toBeCloseTo(10000, 6);
  });
});

describe("MixRenderer", () => {
  it("is bit-exact with every control neutral", () => {
    const track = sineTrack(440, 4096);
    const { renderer } = setup([track]);
    const out = new Int16Array(BLOCK * 2);
    for (let b = 0; b < 8; b++) {
      renderer.render(out, BLOCK);
      for (let i = 0; i < BLOCK; i++) {
        const expected = Math.round(track.sample(0, b * BLOCK + i) * 32768);
        if (out[2 * i] !== expected || out[2 * i + 1] !== expected) {
          throw new Error(`frame ${b * BLOCK + i}: ${out[2 * i]} ≠ ${expected}`);
        }
      }
    }
  });

  it("applies channel fader, mute and crossfader from the tree", () => {
    const { tree, renderer, refresh } = setup([sineTrack(440, 44100)]);
    const base = rms(renderLeft(renderer, 20, 10));
    tree.setValue("/devices/0/inputs/0/FaderLevel", -6);
    refresh();
    expect(rms(renderLeft(renderer, 20, 10)) / base).toBeCloseTo(dbToGain(-6), 2);
    tree.setValue("/devices/0/inputs/0/CrossfaderAssign", "A");
    tree.setValue("/devices/0/Crossfader", 1);
    refresh();
    expect(rms(renderLeft(renderer, 4, 2))).toBe(0);
    tree.setValue("/devices/0/Crossfader", 0);
    tree.setValue("/devices/0/inputs/0/Mute", true);
    refresh();
    expect(rms(renderLeft(renderer, 4, 2))).toBe(0);
  });

  it("kills an EQ band: a 60 Hz tone disappears with the low kill, a 1 kHz tone survives it", () => {
    for (const [frequency, survives] of [[60, false], [1000, true]] as const) {
      const { tree, renderer, refresh } = setup([sineTrack(frequency, 3 * 44100)]);
      const before = rms(renderLeft(renderer, 40, 20));
      tree.setValue("/devices/0/inputs/0/EqLowKill", true);
      refresh();
      const after = rms(renderLeft(renderer, 80, 40));
      if (survives) expect(after / before).toBeGreaterThan(0.9);
      else expect(after / before).toBeLessThan(0.1);
    }
  });

  it("sweeps the filter: a low-pass at -1 removes a 5 kHz tone", () => {
    const { tree, renderer, refresh } = setup([sineTrack(5000, 2 * 44100)]);
    const before = rms(renderLeft(renderer, 20, 10));
    tree.setValue("/devices/0/inputs/0/Filter", -1);
    refresh();
    expect(rms(renderLeft(renderer, 40, 20)) / before).toBeLessThan(0.01);
  });

  it("sums decks, applies the master level and mono", () => {
    const { tree, renderer, refresh } = setup([sineTrack(440, 44100, 0.25), sineTrack(440, 44100, 0.25)]);
    const both = rms(renderLeft(renderer, 20, 10));
    tree.setValue("/devices/0/outputs/18/CRMonitorLevel", -144);
    refresh();
    expect(rms(renderLeft(renderer, 4, 2))).toBe(0);
    tree.setValue("/devices/0/outputs/18/CRMonitorLevel", 0);
    tree.setValue("/devices/0/inputs/1/Pan", 1);
    tree.setValue("/devices/0/outputs/18/MixToMono", true);
    refresh();
    expect(rms(renderLeft(renderer, 20, 10)) / both).toBeCloseTo(0.75, 2);
  });

  it("meters each channel and the master", () => {
    const { renderer } = setup([sineTrack(440, 44100)]);
    renderLeft(renderer, 8);
    const [deck0, deck1] = renderer.takeChannelLevels();
    expect(deck0.peakDb[0]).toBeCloseTo(20 * Math.log10(0.5), 0);
    expect(deck1.peakDb[0]).toBe(-77);
    expect(renderer.masterMeter.take().rmsDb[0]).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 0);
  });
});
