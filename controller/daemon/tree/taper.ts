/**
 * @module
 * The one taper curve that links every dB control to its `…Tapered` (0..1) companion
 * (FaderLevel ↔ FaderLevelTapered, CRMonitorLevel ↔ CRMonitorLevelTapered, Level ↔ LevelTapered).
 *
 * A cubic amplitude law: the tapered position t is the cube root of the linear gain relative to the
 * control's maximum, so `dB = max + 60·log10(t)` and `t = 10^((dB − max) / 60)`. It puts unity gain of a
 * −144..+12 dB fader at t ≈ 0.631 and gives even travel over the musically useful range. Positions
 * whose dB would fall below the control's minimum map to the minimum, and the minimum maps to t = 0,
 * so both ends meet exactly.
 */

/** dB of a tapered position t (0..1) on a control ranging `minDb..maxDb`. */
export function taperedToDb(t: number, minDb: number, maxDb: number): number {
  if (t <= 0) return minDb;
  if (t >= 1) return maxDb;
  return Math.max(minDb, maxDb + 60 * Math.log10(t));
}

/** Tapered position (0..1) of a dB value on a control ranging `minDb..maxDb`. */
export function dbToTapered(db: number, minDb: number, maxDb: number): number {
  if (db <= minDb) return 0;
  if (db >= maxDb) return 1;
  return 10 ** ((db - maxDb) / 60);
}

/** The suffix that names a dB control's tapered companion. */
export const TAPERED_SUFFIX = "Tapered";
