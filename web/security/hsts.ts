/**
 * @module
 * Strict-Transport-Security when PUBLIC_URL is https: browsers then refuse plain http to the portal for
 * a year, so no first request can be downgraded. Decided by configuration, never by request headers.
 */
import type { MiddlewareHandler } from "hono";

export const HSTS_VALUE = "max-age=31536000; includeSubDomains";

export function strictTransportSecurity(publicUrl: string): MiddlewareHandler {
  const https = publicUrl.startsWith("https:");
  return async (c, next) => {
    await next();
    if (https) c.res.headers.set("Strict-Transport-Security", HSTS_VALUE);
  };
}
