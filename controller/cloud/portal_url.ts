/**
 * @module
 * Which portal addresses the controller talks to: HTTPS always, plain HTTP only to a loopback host
 * (a portal on the same machine, in development and tests), so device credentials never cross a
 * network in the clear.
 */

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The portal origin, or an error message naming what is wrong. */
export function parsePortalUrl(text: string): { ok: true; origin: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, message: `not a URL: ${text}` };
  }
  if (url.protocol === "https:") return { ok: true, origin: url.origin };
  if (url.protocol === "http:" && (LOOPBACK_HOSTS.has(url.hostname) || url.hostname.startsWith("127."))) {
    return { ok: true, origin: url.origin };
  }
  return {
    ok: false,
    message: `the portal must be reached over https (plain http only on loopback): ${text}`,
  };
}
