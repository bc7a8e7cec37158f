/** @module The address a request came from, as seen by the server socket. */
import type { Context } from "hono";
import type { AppEnv } from "../context.ts";

/**
 * The peer address set by web/server.ts. Forwarded headers are ignored: behind a proxy every client
 * would otherwise choose its own rate-limit key.
 */
export function clientIp<E extends AppEnv>(c: Context<E>): string {
  return c.env?.remoteAddr ?? "unknown";
}
