import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MonoDecimator } from "./decimator.ts";
import { estimateKey } from "./key.ts";
import { onsetEnvelope } from "./onset_envelope.ts";
import { type SynthOptions, synthTrack } from "./testing/synth.ts";
import { estimateTempo, foldBpm } from "./tempo.ts";

function analyse(options: SynthOptions) {
  const track = synthTrack(options);
  const mono = new MonoDecimator(track.sampleRate, 11025, 600);
  mono.push(track.channels, track.channels[0].length);
  const signal = mono.samples();
  const tempo = estimateTempo(onsetEnvelope(signal, mono.rate));
  const firstBeat = tempo
    ? (((tempo.firstBeatSeconds - mono.delaySeconds) % (60 / tempo.bpm)) + 60 / tempo.bpm) % (60 / tempo.bpm)
    : null;
  return { track, tempo, firstBeat, key: estimateKey(signal, mono.rate) };
}

describe("foldBpm", () => {
  it("folds octaves into the DJ range", () => {
    assert.equal(foldBpm(62), 124);
    assert.equal(foldBpm(248), 124);
    assert.equal(foldBpm(176), 88);
    assert.equal(foldBpm(175.9), 175.9);
    assert.equal(foldBpm(43.5), 174);
  });
});

describe("estimateTempo and estimateKey on synthesised tracks", () => {
  const cases: SynthOptions[] = [
    { bpm: 124, key: { tonic: 9, mode: "minor" }, seconds: 24, leadIn: 0.3, style: "four-on-the-floor" },
    { bpm: 92, key: { tonic: 2, mode: "major" }, seconds: 24, leadIn: 0.81, style: "half-time" },
    { bpm: 172, key: { tonic: 1, mode: "minor" }, seconds: 24, leadIn: 0.05, style: "breakbeat" },
    { bpm: 137.5, key: { tonic: 10, mode: "major" }, seconds: 24, leadIn: 1.2, style: "breakbeat" },
  ];
  for (const options of cases) {
    it(`finds ${options.bpm} BPM, its first beat and ${options.key.tonic}/${options.key.mode} (${options.style})`, () => {
      const { track, tempo, firstBeat, key } = analyse(options);
      assert.ok(tempo, "a tempo");
      assert.ok(Math.abs(tempo.bpm / options.bpm - 1) < 0.002, `estimated ${tempo.bpm}`);
      const expected = track.firstBeatSeconds % track.beatSeconds;
      // Distance on the beat circle, so a beat found just before 0 still counts as on time.
      const error = Math.abs(
        ((firstBeat! - expected + track.beatSeconds * 1.5) % track.beatSeconds) - track.beatSeconds / 2,
      );
      assert.ok(error < 0.012, `first beat ${firstBeat}, expected ${expected}`);
      assert.deepEqual({ tonic: key?.tonic, mode: key?.mode }, options.key);
    });
  }

  it("finds no tempo and no key in silence", () => {
    const silence = new Float32Array(11025 * 10);
    assert.equal(estimateTempo(onsetEnvelope(silence, 11025)), null);
    assert.equal(estimateKey(silence, 11025), null);
  });

  it("is more confident about a steady beat than about noise", () => {
    const steady = analyse(cases[0]).tempo!;
    let state = 7;
    const noise = Float32Array.from({ length: 11025 * 20 }, () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32 - 0.5;
    });
    const noisy = estimateTempo(onsetEnvelope(noise, 11025));
    assert.ok(
      !noisy || noisy.confidence < steady.confidence,
      `noise ${noisy?.confidence}, steady ${steady.confidence}`,
    );
  });
});
