/**
 * @module
 * Redirect URIs: which ones a developer may register, and whether the `redirect_uri` of a request is
 * one of them. Matching is exact string comparison (RFC 9700 §4.1.3), with one exception from
 * RFC 8252 §7.3: native (public) apps on a loopback IP literal pick a free port at run time, so for
 * them the port of a 127.0.0.1 or [::1] URI may differ (1–65535). Confidential clients run on servers
 * with a fixed address and must match exactly; `localhost` never gets the exception (§8.3).
 */

const MAX_REDIRECT_URI_LENGTH = 2000;
export const MAX_REDIRECT_URIS = 10;

const LOOPBACK_HOSTS = ["127.0.0.1", "[::1]", "localhost"];
/** The scheme, loopback IP literal and optional port at the start of a URI that may pick its port. */
const LOOPBACK_PREFIX = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?(?=[/?]|$)/;
/** A TCP port a redirect may name: 1–65535 in canonical form (no leading zero). */
const VALID_PORT = /^[1-9]\d{0,4}$/;

function isValidPort(port: string): boolean {
  return VALID_PORT.test(port) && Number(port) <= 65535;
}

export type RedirectUriCheck =
  | { ok: true; uri: string; warning?: string }
  | { ok: false; error: string };

/**
 * Whether a URI may be registered: absolute, no fragment, https — or http on a loopback address,
 * where `localhost` is accepted with a warning (RFC 8252 §8.3 prefers the IP literal).
 */
export function checkRegistrableRedirectUri(input: string): RedirectUriCheck {
  const uri = input.trim();
  if (uri === "") return { ok: false, error: "Redirect URI is empty" };
  if (uri.length > MAX_REDIRECT_URI_LENGTH) return { ok: false, error: "Redirect URI is too long" };
  let parsed: URL;
  try {
    parsed = new URL(uri);
  } catch {
    return { ok: false, error: `"${uri.slice(0, 80)}" is not an absolute URL` };
  }
  if (uri.includes("#")) return { ok: false, error: "Redirect URIs must not contain a fragment (#)" };
  if (parsed.username || parsed.password) {
    return { ok: false, error: "Redirect URIs must not contain credentials" };
  }
  if (parsed.port !== "" && !isValidPort(parsed.port)) {
    return { ok: false, error: `${uri.slice(0, 80)} names port ${parsed.port}; ports go from 1 to 65535` };
  }
  if (parsed.protocol === "https:") return { ok: true, uri };
  if (parsed.protocol === "http:" && LOOPBACK_HOSTS.includes(parsed.hostname)) {
    if (parsed.hostname === "localhost") {
      return {
        ok: true,
        uri,
        warning:
          "localhost can resolve to another machine and must match exactly, port included; prefer http://127.0.0.1, where native apps may pick any port (RFC 8252 §8.3)",
      };
    }
    return { ok: true, uri };
  }
  if (parsed.protocol === "http:") {
    return {
      ok: false,
      error: `${
        uri.slice(0, 80)
      } must use https (plain http is only allowed on 127.0.0.1, [::1] and localhost)`,
    };
  }
  return { ok: false, error: `${parsed.protocol} redirect URIs are not supported; use https` };
}

/** The requested URI with its loopback port removed, or null when it has none or it is out of range. */
function loopbackWithoutPort(uri: string): string | null {
  const match = LOOPBACK_PREFIX.exec(uri);
  if (!match || (match[2] !== undefined && !isValidPort(match[2]))) return null;
  return `http://${match[1]}${uri.slice(match[0].length)}`;
}

export interface RedirectMatchOptions {
  /** Native (public) clients may pick any loopback port (RFC 8252 §7.3); confidential ones may not. */
  loopbackAnyPort: boolean;
}

/**
 * Whether a requested `redirect_uri` is one of the registered URIs: byte-for-byte, except the port of
 * a loopback IP URI for native clients. Trailing slashes, case, extra path segments, query strings and
 * fragments all fail, and so does anything the URL parser refuses (a later redirect could not be built).
 * @example redirectUriMatches(["http://127.0.0.1/cb"], "http://127.0.0.1:53177/cb", { loopbackAnyPort: true }) // true
 */
export function redirectUriMatches(
  registered: readonly string[],
  requested: string,
  options: RedirectMatchOptions,
): boolean {
  if (requested.length > MAX_REDIRECT_URI_LENGTH || requested.includes("#")) return false;
  if (!URL.canParse(requested)) return false;
  if (registered.includes(requested)) return true;
  if (!options.loopbackAnyPort) return false;
  const requestedWithoutPort = loopbackWithoutPort(requested);
  if (requestedWithoutPort === null) return false;
  return registered.some((uri) => loopbackWithoutPort(uri) === requestedWithoutPort);
}
