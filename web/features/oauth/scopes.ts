/**
 * @module
 * The scopes a client can ask for, how a `scope` parameter is read, and how each scope is described
 * on the consent screen.
 */

export const SCOPES = {
  profile: "Your MIXERA ID, name and profile picture",
  email: "Your email address",
  offline_access: "Stay connected when you are not using the app (refresh tokens)",
  "devices:read": "See your registered MIXERA devices",
  "devices:link": "Link this MIXERA controller to your account",
  "library:read": "See the tracks in your cloud library",
} as const;

export type Scope = keyof typeof SCOPES;

export const SUPPORTED_SCOPES = Object.keys(SCOPES) as Scope[];

/** Clients that send no `scope` (Mixera ID's original API had none) get the profile and email they always got. */
export const DEFAULT_SCOPES: Scope[] = ["profile", "email"];

const MAX_SCOPE_PARAMETER = 512;

export type ScopeParseResult = { ok: true; scopes: Scope[] } | { ok: false; description: string };

function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value);
}

/**
 * Reads a space-delimited `scope` parameter (RFC 6749 §3.3) into a sorted, de-duplicated list.
 * @example parseScope("email profile") // { ok: true, scopes: ["email", "profile"] }
 */
export function parseScope(raw: string | undefined | null): ScopeParseResult {
  if (raw === undefined || raw === null || raw.trim() === "") {
    return { ok: true, scopes: [...DEFAULT_SCOPES] };
  }
  if (raw.length > MAX_SCOPE_PARAMETER) return { ok: false, description: "scope parameter is too long" };
  const requested = new Set<Scope>();
  for (const part of raw.split(" ")) {
    if (part === "") continue;
    if (!isScope(part)) return { ok: false, description: `unknown scope "${part.slice(0, 40)}"` };
    requested.add(part);
  }
  return { ok: true, scopes: sortScopes([...requested]) };
}

/** Scopes in the order of SUPPORTED_SCOPES, so equal sets always print the same. */
export function sortScopes(scopes: Scope[]): Scope[] {
  return SUPPORTED_SCOPES.filter((s) => scopes.includes(s));
}

/** The space-delimited form used in responses and stored in the database. */
export function formatScopes(scopes: Scope[]): string {
  return sortScopes(scopes).join(" ");
}

/** Reads a stored scope string back; unknown words (from a since-removed scope) are dropped. */
export function readStoredScopes(stored: string): Scope[] {
  return sortScopes(stored.split(" ").filter(isScope));
}

/** Whether every scope in `requested` is already in `granted` (consent is asked again only when this is false). */
export function isSubset(requested: Scope[], granted: Scope[]): boolean {
  return requested.every((s) => granted.includes(s));
}
