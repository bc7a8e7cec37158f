/**
 * @module
 * Which `Host` a request may name. A page served under another name (DNS rebinding: an attacker's
 * domain resolving to the portal) counts as same-origin in the browser, so the CSRF check and the
 * dev mailbox accept only PUBLIC_URL's host, plus the loopback names in development.
 */
import type { Config } from "../../shared/config/config.ts";

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * True when `host` (a URL's `host`: name and optional port) is PUBLIC_URL's host, or a loopback name
 * on any port in development.
 *
 * @example
 * isAllowedHost("portal.example", { mode: "production", publicUrl: "https://portal.example" }) // true
 * isAllowedHost("evil.example", { mode: "development", publicUrl: "http://localhost:8000" }) // false
 */
export function isAllowedHost(host: string, config: Pick<Config, "mode" | "publicUrl">): boolean {
  const requested = host.toLowerCase();
  if (requested === new URL(config.publicUrl).host) return true;
  if (config.mode !== "development" || !URL.canParse(`http://${requested}`)) return false;
  return LOOPBACK_NAMES.has(new URL(`http://${requested}`).hostname);
}

/** The Host a request named, as the URL the server built from it. */
export function requestHost(request: Request): string {
  return new URL(request.url).host;
}
