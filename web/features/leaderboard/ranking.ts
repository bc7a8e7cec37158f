/**
 * @module
 * Fair ranks: equal values share a rank and the next value's rank counts everyone above it (1, 2, 2, 4),
 * as sports tables do. Among equals, names decide only the order on the page, never the rank.
 */

export interface Ranked<T> {
  rank: number;
  entry: T;
}

/**
 * @example
 * rankByValue([{ name: "A", value: 5 }, { name: "B", value: 9 }, { name: "C", value: 5 }], (e) => e.value, (e) => e.name)
 *   .map((r) => `${r.rank}${r.entry.name}`); // ["1B", "2A", "2C"]
 */
export function rankByValue<T>(
  entries: readonly T[],
  value: (entry: T) => number,
  name: (entry: T) => string,
): Ranked<T>[] {
  const sorted = [...entries].sort((a, b) => value(b) - value(a) || name(a).localeCompare(name(b)));
  let rank = 0;
  return sorted.map((entry, i) => {
    if (i === 0 || value(entry) !== value(sorted[i - 1])) rank = i + 1;
    return { rank, entry };
  });
}
