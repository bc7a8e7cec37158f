/**
 * @module
 * Redirect URIs: which ones a developer may register, and whether the `redirect_uri` of a request is
 * one of them. Matching is exact string comparison (RFC 9700 §4.1.3), with one exception from
 * RFC 8252 §7.3: native apps on a loopback address pick a free port at run time, so the port of a
 * loopback URI is ignored.
 */

const MAX_REDIRECT_URI_LENGTH = 2000;
export const MAX_REDIRECT_URIS = 10;

const LOOPBACK_HOSTS = ["127.0.0.1", "[::1]", "localhost"];
/** Matches the scheme, loopback host and optional port at the start of a loopback URI. */
const LOOPBACK_PREFIX = /^http:\/\/(127\.0\.0\.1|\[::1\]|localhost)(:\d{1,5})?(?=[/?]|$)/;

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
  if (parsed.protocol === "https:") return { ok: true, uri };
  if (parsed.protocol === "http:" && LOOPBACK_HOSTS.includes(parsed.hostname)) {
    if (parsed.hostname === "localhost") {
      return {
        ok: true,
        uri,
        warning:
          "localhost can resolve to another machine; prefer http://127.0.0.1 for local testing (RFC 8252 §8.3)",
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

/** A loopback URI with its port removed; any other URI unchanged. */
function withoutLoopbackPort(uri: string): string {
  return uri.replace(LOOPBACK_PREFIX, "http://$1");
}

/**
 * Whether a requested `redirect_uri` is one of the registered URIs: byte-for-byte, except the port of
 * a loopback URI. Trailing slashes, case, extra path segments, query strings and fragments all fail.
 * @example redirectUriMatches(["http://127.0.0.1/cb"], "http://127.0.0.1:53177/cb") // true
 */
export function redirectUriMatches(registered: readonly string[], requested: string): boolean {
  if (requested.length > MAX_REDIRECT_URI_LENGTH || requested.includes("#")) return false;
  if (registered.includes(requested)) return true;
  if (!LOOPBACK_PREFIX.test(requested)) return false;
  const requestedWithoutPort = withoutLoopbackPort(requested);
  return registered.some((uri) =>
    LOOPBACK_PREFIX.test(uri) && withoutLoopbackPort(uri) === requestedWithoutPort
  );
}
