/**
 * @module
 * Pages rendered for a signed-in user carry their account data; `Cache-Control: no-store` keeps them
 * out of shared caches and off the disk of a shared computer (the back button after sign-out).
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";

/** Sets `Cache-Control: no-store` on HTML answered to a signed-in user, unless the route chose a policy. */
export function noStoreForSignedIn(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await next();
    const isHtml = (c.res.headers.get("content-type") ?? "").startsWith("text/html");
    if (c.var.user && isHtml && !c.res.headers.has("cache-control")) {
      c.res.headers.set("Cache-Control", "no-store");
    }
  };
}
