/** @module The answer to a request over its rate limit: 429 with Retry-After and a readable page. */
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";
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
