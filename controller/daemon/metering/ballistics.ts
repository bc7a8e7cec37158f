/**
 * @module
 * Meter ballistics of one channel: the latest RMS level, a peak held 2 s then falling at 20 dB/s,
 * and a clip flag held 2 s.
 */
import { METER_FLOOR_DB } from "./measure.ts";

export const PEAK_HOLD_MS = 2000;
export const PEAK_DECAY_DB_PER_S = 20;
export const CLIP_HOLD_MS = 2000;
/** A block peaking at full scale (0 dBFS) counts as a clip. */
export const CLIP_THRESHOLD_DB = 0;
/** A source silent this long reads as the floor instead of freezing at its last level. */
export const STALE_SOURCE_MS = 500;

export interface MeterReading {
  level: number;
  peak: number;
  clip: boolean;
}

export class MeterBallistics {
  #level = METER_FLOOR_DB;
  #levelAt = -Infinity;
  #heldPeak = METER_FLOOR_DB;
  #peakAt = -Infinity;
  #clipAt = -Infinity;

  /** Records one measured block at time `now` (ms). */
  push(rmsDb: number, peakDb: number, now: number): void {
    this.#level = Number.isFinite(rmsDb) ? Math.max(METER_FLOOR_DB, Math.min(0, rmsDb)) : METER_FLOOR_DB;
    this.#levelAt = now;
    const peak = Number.isFinite(peakDb) ? peakDb : METER_FLOOR_DB;
    if (peak >= this.#decayedPeak(now)) {
      this.#heldPeak = Math.max(METER_FLOOR_DB, Math.min(0, peak));
      this.#peakAt = now;
    }
    if (peak >= CLIP_THRESHOLD_DB) this.#clipAt = now;
  }

  #decayedPeak(now: number): number {
    const age = now - this.#peakAt;
    if (age <= PEAK_HOLD_MS) return this.#heldPeak;
    return Math.max(METER_FLOOR_DB, this.#heldPeak - (PEAK_DECAY_DB_PER_S * (age - PEAK_HOLD_MS)) / 1000);
  }

  /** What the meter shows at time `now` (ms). */
  read(now: number): MeterReading {
    const level = now - this.#levelAt > STALE_SOURCE_MS ? METER_FLOOR_DB : this.#level;
    return { level, peak: Math.max(level, this.#decayedPeak(now)), clip: now - this.#clipAt < CLIP_HOLD_MS };
  }
}
