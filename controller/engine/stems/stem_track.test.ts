import { describe, expect, it } from "bun:test";
import { Deck } from "../deck.ts";
import { BLOCK_FRAMES, TrackBuffer } from "../track_buffer.ts";
import { createMemoryMixerTree } from "../mixer_tree.ts";
import { readStemGain, stemControlOf } from "./stem_controls.ts";
import { GAIN_RAMP_BLOCKS, StemTrack } from "./stem_track.ts";

const INFO = {
  path: "",
  title: null,
  artist: null,
  album: null,
  format: "wav" as const,
  sourceSampleRate: 44100,
  channels: 2,
};
const FRAMES = BLOCK_FRAMES + 5000;

/** Stem s holds (s + 1) × 100 + frame % 50 on the left and its negation on the right. */
function stems(): Int16Array[][] {
  return [0, 1, 2, 3].map((s) => [
    Int16Array.from({ length: FRAMES }, (_, i) => (s + 1) * 100 + (i % 50)),
    Int16Array.from({ length: FRAMES }, (_, i) => -((s + 1) * 100 + (i % 50))),
  ]);
}

function mixTrack(parts: Int16Array[][]): TrackBuffer {
  const track = new TrackBuffer(44100, 2, FRAMES);
  const sum = [0, 1].map((c) =>
    Int16Array.from({ length: FRAMES }, (_, i) => parts.reduce((t, p) => t + p[c][i], 0))
  );
  for (let start = 0; start < FRAMES; start += BLOCK_FRAMES) {
    track.append(sum.map((ch) => ch.slice(start, start + BLOCK_FRAMES)));
  }
  track.complete = true;
  return track;
}

function renderDeck(track: StemTrack | TrackBuffer, setup: (deck: Deck) => void, frames: number) {
  const deck = new Deck(0);
  deck.mount(track, INFO);
  setup(deck);
  deck.play();
  const left = new Float32Array(frames), right = new Float32Array(frames);
  deck.render(left, right, frames, 44100);
  return [left, right];
}

describe("StemTrack", () => {
  it("plays in sync with the mixed track under tempo, seek and loop", () => {
    const parts = stems();
    const setup = (deck: Deck) => {
      deck.setTempoRange(16);
      deck.setTempo(-7.3);
      deck.seek(0.5);
      deck.setLoop(0.6, 0.65);
    };
    const fromStems = renderDeck(new StemTrack(44100, parts), setup, 8000);
    const fromMix = renderDeck(mixTrack(parts), setup, 8000);
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < 8000; i++) expect(Math.abs(fromStems[c][i] - fromMix[c][i])).toBeLessThan(1e-6);
    }
  });

  it("mutes a stem by gliding over a few blocks", () => {
    const track = new StemTrack(44100, stems());
    expect(track.sample(0, 10)).toBeCloseTo((100 + 200 + 300 + 400 + 40) / 32768, 9);
    track.setGain("drums", 0);
    const seen: number[] = [];
    for (let block = 0; block < GAIN_RAMP_BLOCKS + 2; block++) {
      track.prepareBlock();
      seen.push(track.gain("drums"));
    }
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(1);
    expect(seen.at(-1)).toBe(0);
    expect(track.sample(0, 10)).toBeCloseTo((100 + 300 + 400 + 30) / 32768, 9);
    expect(track.sample(1, FRAMES)).toBe(0);
  });
});

describe("stem controls", () => {
  it("reads Level (dB) and Mute, neutral when missing", () => {
    const tree = createMemoryMixerTree({
      "/devices/0/inputs/1/stems/vocals/Level": -6,
      "/devices/0/inputs/1/stems/bass/Mute": true,
      "/devices/0/inputs/1/stems/other/Level": "loud",
    });
    expect(readStemGain(tree, 1, "vocals")).toBeCloseTo(0.501, 3);
    expect(readStemGain(tree, 1, "bass")).toBe(0);
    expect(readStemGain(tree, 1, "other")).toBe(1);
    expect(readStemGain(tree, 1, "drums")).toBe(1);
  });

  it("names the deck and stem of a changed path", () => {
    expect(stemControlOf("/devices/0/inputs/2/stems/drums/Mute")).toEqual({ channel: 2, stem: "drums" });
    expect(stemControlOf("/devices/0/inputs/2/stems/drums/LevelTapered")).toBeNull();
    expect(stemControlOf("/devices/0/inputs/2/Mute")).toBeNull();
  });
});
