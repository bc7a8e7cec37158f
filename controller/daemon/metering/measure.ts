/**
 * @module
 * Block levels in dBFS: pure, allocation-light, safe to call from the engine's audio Worker.
 */

/** Silence floor of every meter. */
export const METER_FLOOR_DB = -77;

const toDb = (amplitude: number) =>
  amplitude > 0 ? Math.max(METER_FLOOR_DB, 20 * Math.log10(amplitude)) : METER_FLOOR_DB;

/**
 * RMS and sample peak of each channel of one audio block, in dBFS, floored at −77.0.
 *
 * @example
 * ```ts
 * measureBlock([new Float32Array([0.5, -0.5])]); // { rmsDb: [-6.02…], peakDb: [-6.02…] }
 * ```
 */
export function measureBlock(channels: Float32Array[]): { rmsDb: number[]; peakDb: number[] } {
  const rmsDb: number[] = [];
  const peakDb: number[] = [];
  for (const samples of channels) {
    let sumOfSquares = 0;
    let peak = 0;
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i];
      sumOfSquares += sample * sample;
      const magnitude = sample < 0 ? -sample : sample;
      if (magnitude > peak) peak = magnitude;
    }
    // NaN samples (a broken source) read as silence rather than poisoning the meter.
    const rms = samples.length > 0 ? Math.sqrt(sumOfSquares / samples.length) : 0;
    rmsDb.push(Number.isFinite(rms) ? toDb(rms) : METER_FLOOR_DB);
    peakDb.push(Number.isFinite(peak) ? toDb(peak) : METER_FLOOR_DB);
  }
  return { rmsDb, peakDb };
}
