/**
 * @module
 * Sample-rate conversion kernel: 4-point, 3rd-order Hermite interpolation. The engine resamples on the
 * fly (source rate × varispeed → output rate) by stepping a fractional read position through the track.
 */

/**
 * The value between `x0` (t = 0) and `x1` (t = 1), given the neighbours `xm1` and `x2`.
 * At t = 0 it returns `x0` exactly, which keeps unity-rate playback bit-exact.
 */
export function hermite(xm1: number, x0: number, x1: number, x2: number, t: number): number {
  const c1 = 0.5 * (x1 - xm1);
  const c2 = xm1 - 2.5 * x0 + 2 * x1 - 0.5 * x2;
  const c3 = 0.5 * (x2 - xm1) + 1.5 * (x0 - x1);
  return ((c3 * t + c2) * t + c1) * t + x0;
}
