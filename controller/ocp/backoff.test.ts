import { expect, test } from "bun:test";
import { backoffDelay } from "./backoff.ts";

test("backoff doubles up to the cap, with jitter inside ±50 %", () => {
  const exact = (attempt: number) => backoffDelay(attempt, { initialMs: 100, maxMs: 1_000, jitter: 0 });
  expect([0, 1, 2, 3, 4, 10].map(exact)).toEqual([100, 200, 400, 800, 1_000, 1_000]);
  expect(backoffDelay(2, { initialMs: 100, random: () => 0 })).toBe(200);
  expect(backoffDelay(2, { initialMs: 100, random: () => 0.999999 })).toBe(600);
  const spread = new Set(Array.from({ length: 50 }, () => backoffDelay(3, { initialMs: 100 })));
  expect(spread.size).toBeGreaterThan(1);
  for (const delay of spread) expect(delay >= 400 && delay <= 1_200).toBe(true);
});
