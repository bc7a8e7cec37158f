/**
 * @module The answer to a request over its rate limit: 429 with Retry-After and a readable page, and
 * the one "count the attempt or refuse" step every rate-limited route takes.
 */
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../context.ts";
import { consumeRateLimit, type RateLimit } from "../security/rate_limit.ts";
import { renderErrorPage } from "../ui/render.tsx";

export function tooManyRequests<E extends AppEnv>(
  c: Context<E>,
  retryAfterSec: number,
): Response | Promise<Response> {
  c.header("Retry-After", String(retryAfterSec));
  const minutes = Math.ceil(retryAfterSec / 60);
  return renderErrorPage(c, 429, {
    heading: "Too many attempts",
    message: `Please wait ${minutes} minute${minutes === 1 ? "" : "s"} before trying again.`,
  });
}

/**
 * Counts one attempt against each `[key, rule]`. For the first one over its limit it throws an
 * HTTPException, which the app answers with `refusal(retryAfterSec)`: the 429 page unless the
 * endpoint answers in its own format (OAuth's JSON errors).
 *
 * @example
 * ```ts
 * await enforceRateLimits(c, [[`export:user:${user.id}`, { limit: 10, windowMs: 3_600_000 }]]);
 * ```
 */
export async function enforceRateLimits<E extends AppEnv>(
  c: Context<E>,
  limits: readonly (readonly [key: string, rule: RateLimit])[],
  refusal: (retryAfterSec: number) => HTTPException | Promise<HTTPException> = async (retryAfterSec) =>
    new HTTPException(429, { res: await tooManyRequests(c, retryAfterSec) }),
): Promise<void> {
  const { db, clock } = c.var.deps;
  for (const [key, rule] of limits) {
    const { allowed, retryAfterSec } = await consumeRateLimit(db, key, rule, clock.now());
    if (!allowed) throw await refusal(retryAfterSec);
  }
}
