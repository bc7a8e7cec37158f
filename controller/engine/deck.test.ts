import { describe, expect, it } from "bun:test";
import { Deck } from "./deck.ts";
import { BLOCK_FRAMES, TrackBuffer } from "./track_buffer.ts";
import { EngineError } from "./types.ts";

/** A mono track whose sample i is i (scaled), so rendered values reveal read positions. */
function rampTrack(frames: number, sampleRate = 44100, complete = true): TrackBuffer {
  const track = new TrackBuffer(sampleRate, 1, frames);
  for (let start = 0; start < frames; start += BLOCK_FRAMES) {
    const length = Math.min(BLOCK_FRAMES, frames - start);
    track.append([new Int16Array(length).map((_, i) => (start + i) % 30000)]);
  }
  track.complete = complete;
  return track;
}

function loadedDeck(track = rampTrack(44100)): Deck {
  const deck = new Deck(0);
  deck.mount(track, {
    path: "/x.wav",
    title: null,
    artist: null,
    album: null,
    format: "wav",
    sourceSampleRate: track.sampleRate,
    channels: 1,
  });
  return deck;
}

function render(deck: Deck, frames: number, outputRate = 44100): Float32Array {
  const left = new Float32Array(frames);
  deck.render(left, new Float32Array(frames), frames, outputRate);
  return left;
}

describe("Deck transport", () => {
  it("refuses transport without a track", () => {
    const deck = new Deck(2);
    expect(() => deck.play()).toThrow(EngineError);
    expect(() => deck.play()).toThrow("deck 2 has no track loaded");
    expect(() => deck.seek(1)).toThrow(EngineError);
  });

  it("plays sample-exactly at unity, pauses, and stop returns to the start", () => {
    const deck = loadedDeck();
    expect(Array.from(render(deck, 4))).toEqual([0, 0, 0, 0]);
    deck.play();
    expect(Array.from(render(deck, 4), (x) => x * 32768)).toEqual([0, 1, 2, 3]);
    deck.pause();
    expect(Array.from(render(deck, 2))).toEqual([0, 0]);
    expect(deck.position).toBe(4);
    deck.stop();
    expect(deck.position).toBe(0);
    expect(deck.playing).toBe(false);
  });

  it("crosses block boundaries without a gap", () => {
    const deck = loadedDeck(rampTrack(BLOCK_FRAMES + 10));
    deck.position = BLOCK_FRAMES - 2;
    deck.play();
    expect(Array.from(render(deck, 4), (x) => x * 32768)).toEqual(
      [BLOCK_FRAMES - 2, BLOCK_FRAMES - 1, BLOCK_FRAMES, BLOCK_FRAMES + 1].map((v) => v % 30000),
    );
  });

  it("seeks within the track and rejects positions outside it", () => {
    const deck = loadedDeck();
    deck.seek(0.5);
    expect(deck.position).toBe(22050);
    expect(() => deck.seek(1.5)).toThrow("position 1.5 is outside 0..1.000 s");
    expect(() => deck.seek(-1)).toThrow(EngineError);
    expect(() => deck.seek(Number.NaN)).toThrow(EngineError);
  });

  it("stops at the end of a complete track and restarts from the top on play", () => {
    const deck = loadedDeck(rampTrack(10));
    deck.play();
    const out = render(deck, 16);
    expect(Array.from(out.subarray(8, 16), (x) => x * 32768)).toEqual([8, 9, 0, 0, 0, 0, 0, 0]);
    expect(deck.playing).toBe(false);
    deck.play();
    expect(deck.position).toBe(0);
  });

  it("holds its position while the decoder has not caught up", () => {
    const deck = loadedDeck(rampTrack(8, 44100, false));
    deck.play();
    render(deck, 16);
    expect(deck.playing).toBe(true);
    expect(deck.position).toBe(8);
  });

  it("resamples: a 48 kHz track advances 48000/44100 source frames per output frame", () => {
    const deck = loadedDeck(rampTrack(48000, 48000));
    deck.play();
    const out = render(deck, 441);
    expect(deck.position).toBeCloseTo(480, 6);
    // Hermite reproduces a ramp exactly, so each output value is its fractional read position.
    expect(out[100] * 32768).toBeCloseTo((100 * 48000) / 44100, 3);
  });

  it("varies speed within the tempo range only", () => {
    const deck = loadedDeck();
    deck.setTempo(-8);
    deck.play();
    render(deck, 100);
    expect(deck.position).toBeCloseTo(92, 6);
    expect(() => deck.setTempo(9)).toThrow("tempo 9 % is outside ±8 %");
    deck.setTempoRange(50);
    deck.setTempo(50);
    expect(deck.tempoPercent).toBe(50);
    deck.setTempoRange(16);
    expect(deck.tempoPercent).toBe(16);
    expect(() => deck.setTempoRange(12)).toThrow("tempo range must be one of 8, 16, 50, got 12");
  });

  it("sets and jumps to hot cues", () => {
    const deck = loadedDeck();
    deck.seek(0.25);
    deck.cueSet(3);
    deck.seek(0.75);
    deck.cueJump(3);
    expect(deck.position).toBe(11025);
    expect(() => deck.cueJump(4)).toThrow("hot cue 4 on deck 0 is not set");
    expect(() => deck.cueSet(8)).toThrow("hot cue must be 0..7, got 8");
  });

  it("places a track's stored cues as hot cues 0, 1, … and leaves out cues past its end", () => {
    const deck = loadedDeck();
    deck.cueSet(5);
    deck.placeCues([0.5, 0.25, 2]);
    deck.cueJump(1);
    expect(deck.position).toBe(11025);
    deck.cueJump(0);
    expect(deck.position).toBe(22050);
    expect(() => deck.cueJump(2)).toThrow("hot cue 2 on deck 0 is not set");
    expect(() => deck.cueJump(5)).toThrow("hot cue 5 on deck 0 is not set");
  });

  it("reports the heard position behind the render position by the queued audio, inside the loop", () => {
    const deck = loadedDeck();
    deck.seek(0.5);
    expect(deck.heardPosition(441, 44100)).toBe(22050);
    deck.play();
    expect(deck.heardPosition(441, 44100)).toBe(22050 - 441);
    deck.setTempo(8);
    expect(deck.heardPosition(441, 44100)).toBeCloseTo(22050 - 441 * 1.08, 6);
    deck.setTempo(0);
    deck.setLoop(22000 / 44100, 22100 / 44100);
    expect(deck.heardPosition(100, 44100)).toBe(22050);
    deck.seek(0);
    expect(deck.heardPosition(441, 44100)).toBe(0);
  });

  it("loops between start and end, sample-exactly, until cleared", () => {
    const deck = loadedDeck();
    deck.setLoop(100 / 44100, 104 / 44100);
    deck.seek(102 / 44100);
    deck.play();
    expect(Array.from(render(deck, 7), (x) => Math.round(x * 32768))).toEqual([
      102,
      103,
      100,
      101,
      102,
      103,
      100,
    ]);
    expect(deck.loopState()?.startSec).toBeCloseTo(100 / 44100, 9);
    deck.clearLoop();
    expect(Array.from(render(deck, 5), (x) => Math.round(x * 32768))).toEqual([101, 102, 103, 104, 105]);
    expect(() => deck.setLoop(0.5, 0.4)).toThrow("loop end 0.4 must be after loop start 0.5");
  });
});
