/**
 * @module
 * What an app learns about a user: the original API's `user` object `{mixeraId, email, name, profilePicture}`,
 * limited to the granted scopes, plus `email_verified` beside the email (an app must not trust an
 * address nobody proved) and the `sub` that userinfo clients (openid-client) require.
 */
import type { ClaimsUser } from "./tokens.ts";
import type { Scope } from "./scopes.ts";

export function userClaims(user: ClaimsUser, scopes: Scope[], issuer: string) {
  const profile = scopes.includes("profile");
  const email = scopes.includes("email");
  return {
    /** Stable and public; the internal row id never leaves the portal. */
    sub: user.mixeraId,
    user: {
      mixeraId: user.mixeraId,
      ...(email ? { email: user.email, email_verified: user.emailVerifiedAt !== null } : {}),
      ...(profile ? { name: user.displayName, profilePicture: profilePictureUrl(user, issuer) } : {}),
    },
  };
}

function profilePictureUrl(user: ClaimsUser, issuer: string): string | null {
  return user.profilePictureKey ? `${issuer}/users/${user.mixeraId}/picture` : null;
}
