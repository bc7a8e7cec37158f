/** @module Human names for the browser and system behind a session, from its User-Agent header. */
import { UAParser } from "ua-parser-js";

export interface DeviceDescription {
  browser: string;
  os: string;
}

/**
 * Parsing a header costs more than the rest of the sessions page, and a user's sessions repeat the same
 * few headers on every render, so recent answers are kept. Bounded: headers come from anyone.
 */
export const USER_AGENT_CACHE_SIZE = 1000;
const recent = new Map<string, DeviceDescription>();

/** "Chrome 131" / "Linux"; "Unknown browser" / "Unknown system" when the header tells nothing. */
export function describeUserAgent(userAgent: string): DeviceDescription {
  const header = userAgent.slice(0, 512);
  const cached = recent.get(header);
  if (cached) {
    recent.delete(header);
    recent.set(header, cached);
    return cached;
  }
  const { browser, os } = UAParser(header);
  const description = Object.freeze({
    browser: browser.name ? [browser.name, browser.major].filter(Boolean).join(" ") : "Unknown browser",
    os: os.name ? [os.name, os.version].filter(Boolean).join(" ") : "Unknown system",
  });
  recent.set(header, description);
  if (recent.size > USER_AGENT_CACHE_SIZE) recent.delete(recent.keys().next().value as string);
  return description;
}

/** How many headers are remembered (for tests of the bound). */
export function cachedUserAgentCount(): number {
  return recent.size;
}
