/**
 * @module
 * A router for an area of the portal behind one guard. The guard runs on the area's path and every
 * path below it, so a route added to the area later is guarded too, and the router's type is the
 * guarded context, so its handlers see `c.var.user` as a `User`.
 */
import { Hono, type MiddlewareHandler } from "hono";
import type { SignedInEnv } from "../context.ts";

/** Every guarded area, so a test can check that each router keeps its routes inside its area. */
export const GUARDED_AREAS: { area: string; routes: Hono<SignedInEnv> }[] = [];

/**
 * A router whose every route lies in `area` (`/security` and `/security/…`) behind `guard`.
 *
 * @example
 * ```ts
 * export const securityRoutes = guardedRoutes("/security", requireUser());
 * securityRoutes.get("/security", (c) => c.text(c.var.user.email));
 * ```
 */
export function guardedRoutes(area: string, guard: MiddlewareHandler<SignedInEnv>): Hono<SignedInEnv> {
  const routes = new Hono<SignedInEnv>();
  routes.use(area, guard);
  routes.use(`${area}/*`, guard);
  GUARDED_AREAS.push({ area, routes });
  return routes;
}

/** Whether a route's path pattern lies in `area`: the area's own path or one below it. */
export function isInArea(path: string, area: string): boolean {
  return path === area || path.startsWith(`${area}/`);
}
