/**
 * @module
 * A sine test tone fed through the real metering path, for tests and `--meter-test-tone` until the
 * engine supplies real buffers. Each node gets its own level so the meters are told apart.
 */
import type { MeterInput } from "./meter_service.ts";

export interface TestToneOptions {
  nodePaths: string[];
  sampleRate?: number;
  blockFrames?: number;
  frequencyHz?: number;
  /** Level of the first node in dBFS; each further node is 6 dB lower. */
  levelDb?: number;
}

/** Generates one stereo block of the tone starting at `frame`. */
export function toneBlock(
  frame: number,
  frames: number,
  amplitude: number,
  cyclesPerFrame: number,
): Float32Array[] {
  const left = new Float32Array(frames);
  for (let i = 0; i < frames; i++) left[i] = amplitude * Math.sin(2 * Math.PI * cyclesPerFrame * (frame + i));
  return [left, left.slice()];
}

/** Starts pushing tone blocks in real time; returns the stop function. */
export function startTestTone(meters: MeterInput, options: TestToneOptions): () => void {
  const sampleRate = options.sampleRate ?? 48000;
  const blockFrames = options.blockFrames ?? 1024;
  const cyclesPerFrame = (options.frequencyHz ?? 1000) / sampleRate;
  const levelDb = options.levelDb ?? -12;
  let frame = 0;
  const timer = setInterval(() => {
    options.nodePaths.forEach((path, n) => {
      // A sine's RMS is its amplitude / √2; scale so the meter reads the requested level.
      const amplitude = Math.SQRT2 * 10 ** ((levelDb - 6 * n) / 20);
      meters.pushBlock(path, toneBlock(frame, blockFrames, amplitude, cyclesPerFrame));
    });
    frame += blockFrames;
  }, (1000 * blockFrames) / sampleRate);
  return () => clearInterval(timer);
}
