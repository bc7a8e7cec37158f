/**
 * @module
 * CSRF defence for the whole portal: a state-changing request (anything but GET/HEAD/OPTIONS) must come
 * from the portal's own pages. Browsers say so in `Sec-Fetch-Site`; older ones send `Origin`.
 * Machine-to-machine endpoints (OAuth back channel, device APIs) carry no browser credentials and
 * authenticate every request themselves: web/app.ts mounts them ahead of this check, so it never
 * runs for them.
 */
import type { MiddlewareHandler } from "hono";
import type { Config } from "../../shared/config/config.ts";
import { isAllowedHost, requestHost } from "./host.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** True when the request carries evidence that it comes from one of `allowedOrigins`. */
export function isSameOriginRequest(request: Request, allowedOrigins: readonly string[]): boolean {
  const fetchSite = request.headers.get("sec-fetch-site");
  if (fetchSite !== null) return fetchSite === "same-origin";
  const origin = request.headers.get("origin");
  return origin !== null && allowedOrigins.includes(origin);
}

/**
 * Refuses cross-site state changes with 403. The request must name an allowed Host (host.ts), and
 * its origin evidence must be PUBLIC_URL's origin, or in development the loopback origin it came to.
 */
export function csrfProtection(config: Pick<Config, "mode" | "publicUrl">): MiddlewareHandler {
  const configuredOrigin = new URL(config.publicUrl).origin;
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return await next();
    if (!isAllowedHost(requestHost(c.req.raw), config)) {
      return c.text("Forbidden: this portal does not answer to that host name.", 403);
    }
    const allowed = [configuredOrigin, new URL(c.req.url).origin];
    if (!isSameOriginRequest(c.req.raw, allowed)) {
      return c.text("Forbidden: cross-site request refused (CSRF protection).", 403);
    }
    await next();
  };
}
