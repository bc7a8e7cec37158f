/**
 * @module
 * Test and benchmark signals for stem separation: a bass line, a drum pattern, a centred "voice" and a wide
 * pad, each rendered on its own so the mix's true stems are known exactly, and the SDR measure.
 */
import { type Stereo, stereoOf } from "../stem_set.ts";

/** A deterministic pseudo-random source (xorshift32), so noise-based parts are the same every run. */
export function noiseSource(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return ((state >>> 0) / 4294967296) * 2 - 1;
  };
}

/** A sawtooth-ish bass line (fundamental 41-82 Hz) under a low-pass, centred, a note every half beat. */
export function renderBass(frames: number, sampleRate: number, bpm = 124): Stereo {
  const out = stereoOf(frames);
  const notes = [41.2, 41.2, 55, 49, 61.7, 55, 73.4, 41.2];
  const noteFrames = Math.round((sampleRate * 30) / bpm);
  let phase = 0, lowpassed = 0;
  const smoothing = 1 - Math.exp((-2 * Math.PI * 300) / sampleRate);
  for (let i = 0; i < frames; i++) {
    const note = Math.floor(i / noteFrames), inNote = (i % noteFrames) / sampleRate;
    phase += notes[note % notes.length] / sampleRate;
    const saw = 2 * (phase - Math.floor(phase)) - 1;
    lowpassed += (saw - lowpassed) * smoothing;
    const envelope = Math.min(1, inNote * 200) * Math.exp(-inNote * 3);
    out[0][i] = out[1][i] = 0.35 * lowpassed * envelope;
  }
  return out;
}

/** Kick on every beat, snare on 2 and 4, closed hats on eighths: short decaying noise and sine sweeps. */
export function renderDrums(frames: number, sampleRate: number, bpm = 124): Stereo {
  const out = stereoOf(frames);
  const beat = Math.round((sampleRate * 60) / bpm);
  const noise = noiseSource(7);
  for (let i = 0; i < frames; i++) {
    const inBeat = i % beat, beatIndex = Math.floor(i / beat);
    const tKick = inBeat / sampleRate;
    const kick = Math.sin(2 * Math.PI * (50 * tKick + 60 * (1 - Math.exp(-tKick * 30)) / 30)) *
      Math.exp(-tKick * 18);
    const snare = beatIndex % 2 === 1 ? noise() * Math.exp(-tKick * 25) * 0.6 : 0;
    const tHat = (i % (beat >> 1)) / sampleRate;
    const hat = noise() * Math.exp(-tHat * 90) * 0.25;
    const hatPan = 0.15 * Math.sin(beatIndex);
    out[0][i] = 0.5 * kick + 0.4 * snare + hat * (1 - hatPan);
    out[1][i] = 0.5 * kick + 0.4 * snare + hat * (1 + hatPan);
  }
  return out;
}

/**
 * A sung-vowel stand-in: a glottal pulse train (130-260 Hz melody with vibrato) through three formant
 * resonators that move between vowels, in phrases with pauses, dead centre.
 */
export function renderVoice(frames: number, sampleRate: number): Stereo {
  const out = stereoOf(frames);
  const melody = [196, 220, 246.9, 220, 174.6, 196, 261.6, 246.9];
  const vowels = [[700, 1220, 2600], [300, 2300, 3000], [500, 900, 2400], [400, 2000, 2550]];
  const noteFrames = Math.round(sampleRate * 0.45);
  const state = vowels[0].map(() => [0, 0]);
  let phase = 0;
  for (let i = 0; i < frames; i++) {
    const note = Math.floor(i / noteFrames), t = i / sampleRate;
    const phrase = (t % 4) < 3 ? 1 : 0;
    const inNote = (i % noteFrames) / noteFrames;
    const f0 = melody[note % melody.length] * (1 + 0.01 * Math.sin(2 * Math.PI * 5.5 * t));
    phase += f0 / sampleRate;
    const pulse = phase - Math.floor(phase) < f0 / sampleRate ? 1 : 0;
    const vowel = vowels[note % vowels.length];
    let sample = 0;
    vowel.forEach((formant, n) => {
      const r = Math.exp((-Math.PI * 80) / sampleRate);
      const theta = (2 * Math.PI * formant) / sampleRate;
      const [y1, y2] = state[n];
      const y = pulse + 2 * r * Math.cos(theta) * y1 - r * r * y2;
      state[n] = [y, y1];
      sample += y / (n + 1);
    });
    const envelope = phrase * Math.min(1, inNote * 20, (1 - inNote) * 20);
    out[0][i] = out[1][i] = 0.02 * sample * envelope;
  }
  return out;
}

/** A wide pad: detuned saw chords, each side with its own detune so left and right decorrelate. */
export function renderPad(frames: number, sampleRate: number): Stereo {
  const out = stereoOf(frames);
  const chords = [[220, 261.6, 329.6], [174.6, 220, 261.6], [196, 246.9, 293.7], [164.8, 196, 246.9]];
  const chordFrames = sampleRate * 2;
  const phases = [new Float64Array(3), new Float64Array(3)];
  const lowpassed = [0, 0];
  const smoothing = 1 - Math.exp((-2 * Math.PI * 1800) / sampleRate);
  for (let i = 0; i < frames; i++) {
    const chord = chords[Math.floor(i / chordFrames) % chords.length];
    for (let c = 0; c < 2; c++) {
      let sum = 0;
      chord.forEach((f, n) => {
        phases[c][n] += (f * (c === 0 ? 1.004 : 0.996)) / sampleRate;
        sum += 2 * (phases[c][n] - Math.floor(phases[c][n])) - 1;
      });
      lowpassed[c] += (sum - lowpassed[c]) * smoothing;
      out[c][i] = 0.06 * lowpassed[c];
    }
  }
  return out;
}

/** Sums stereo signals into one. */
export function mixOf(parts: Stereo[]): Stereo {
  const frames = parts[0][0].length;
  const out = stereoOf(frames);
  for (const part of parts) {
    for (let c = 0; c < 2; c++) for (let i = 0; i < frames; i++) out[c][i] += part[c][i];
  }
  return out;
}

/** BSS-eval SDR in dB: 10·log10(‖s‖² / ‖s − ŝ‖²), both channels together. */
export function sdr(truth: Stereo, estimate: Stereo): number {
  let signal = 0, error = 0;
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < truth[c].length; i++) {
      signal += truth[c][i] ** 2;
      error += (truth[c][i] - estimate[c][i]) ** 2;
    }
  }
  return 10 * Math.log10(signal / Math.max(error, 1e-20));
}

/** How far `parts` summed are from `mix`, in dB relative to the mix's energy. */
export function sumErrorDb(mix: Stereo, parts: Stereo[]): number {
  let signal = 0, error = 0;
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < mix[c].length; i++) {
      let sum = 0;
      for (const part of parts) sum += part[c][i];
      signal += mix[c][i] ** 2;
      error += (mix[c][i] - sum) ** 2;
    }
  }
  return 10 * Math.log10(Math.max(error, 1e-30) / signal);
}
