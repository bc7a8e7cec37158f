/** @module Human names for the browser and system behind a session, from its User-Agent header. */
import { UAParser } from "ua-parser-js";

export interface DeviceDescription {
  browser: string;
  os: string;
}

/** "Chrome 131" / "Linux"; "Unknown browser" / "Unknown system" when the header tells nothing. */
export function describeUserAgent(userAgent: string): DeviceDescription {
  const { browser, os } = UAParser(userAgent.slice(0, 512));
  return {
    browser: browser.name ? [browser.name, browser.major].filter(Boolean).join(" ") : "Unknown browser",
    os: os.name ? [os.name, os.version].filter(Boolean).join(" ") : "Unknown system",
  };
}
