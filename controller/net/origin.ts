/**
 * @module
 * The Origin check of every WebSocket server of the controller (engine API 5556, mixer daemon 4721).
 * Browsers always send `Origin`; a page from an origin outside the allow-list is refused before the
 * upgrade, since any web page could otherwise drive the decks or the mixer. Clients without `Origin`
 * (native apps, scripts) are not browsers and are accepted.
 */
import type { LogCategory, Logger } from "../log/logger.ts";

/** `null` (no Origin header) is a non-browser client and allowed; otherwise the origin must be listed. */
export function isAllowedOrigin(origin: string | null, allowed: readonly string[]): boolean {
  return origin === null || allowed.includes(origin);
}

/** Null when the request may upgrade; otherwise the logged 403 to answer it with. */
export function refuseForeignOrigin(
  request: Request,
  allowed: readonly string[],
  logger: Logger,
  category: LogCategory,
): Response | null {
  const origin = request.headers.get("origin");
  if (isAllowedOrigin(origin, allowed)) return null;
  logger.warn(category, "websocket origin refused", { origin });
  return new Response(`origin ${origin} is not allowed\n`, { status: 403 });
}
