/**
 * @module
 * Request guards: `loadSession` puts the signed-in user on the context; `requireUser`, `requireVerified`
 * and `requireAdmin` protect routes.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv, SignedInEnv } from "../context.ts";
import type { User } from "../db/schema/users.ts";
import { renderErrorPage } from "../ui/render.tsx";
import { deleteSessionCookie, readSessionCookie, setSessionCookie, validateSessionToken } from "./session.ts";

/**
 * Resolves the session cookie to `c.var.user` / `c.var.session` (null when signed out). Machine endpoints
 * (the OAuth back channel, device APIs) are mounted ahead of it in web/app.ts and never read the browser
 * session, so a cookie sent along cannot lend them a user.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("user", null);
    c.set("session", null);
    const token = readSessionCookie(c);
    if (token) {
      const now = c.var.deps.clock.now();
      const result = await validateSessionToken(c.var.deps.db, token, now);
      if (result) {
        c.set("user", result.user);
        c.set("session", result.session);
        if (result.session.lastSeenAt.getTime() === now.getTime()) {
          setSessionCookie(c, token, result.session.expiresAt);
        }
      } else {
        deleteSessionCookie(c);
      }
    }
    await next();
  };
}

/**
 * A relative in-portal path from an untrusted `next` value, or `fallback`. Anything that could leave
 * the portal (`//host`, `/\host`, `https://…`, control characters) yields the fallback.
 */
export function safeNextPath(next: string | undefined | null, fallback = "/"): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  if (next.length > 2048 || next.includes("\\") || [...next].some((ch) => ch.charCodeAt(0) < 0x20)) {
    return fallback;
  }
  const base = "http://portal.invalid";
  const url = new URL(next, base);
  if (url.origin !== base) return fallback;
  // Dot-segment removal can turn `/.//host` or `/a/..//host` into `//host`, which a browser reads as
  // another origin; so the normalised result is checked again, not only the input.
  const path = url.pathname + url.search + url.hash;
  return isLocalPath(path) ? path : fallback;
}

/** A path a browser resolves against the current origin: one leading `/`, not followed by `/` or `\`. */
function isLocalPath(path: string): boolean {
  return path.startsWith("/") && path[1] !== "/" && path[1] !== "\\";
}

/** Sends a signed-out visitor to sign-in, back to this page afterwards (htmx and API callers get a 401). */
export function signInRedirect<E extends AppEnv>(c: Context<E>): Response {
  if (c.req.path.startsWith("/api/")) return c.json({ error: "unauthorized" }, 401);
  const url = new URL(c.req.url);
  if (c.req.header("hx-request") === "true") {
    // fetch() would follow a redirect and swap the sign-in page into a fragment; htmx navigates instead.
    const current = c.req.header("hx-current-url");
    const page = current && URL.canParse(current) ? new URL(current) : url;
    c.header("HX-Redirect", `/signin?next=${encodeURIComponent(safeNextPath(page.pathname + page.search))}`);
    return c.body(null, 401);
  }
  const next = c.req.method === "GET" ? url.pathname + url.search : "/";
  return c.redirect(`/signin?next=${encodeURIComponent(next)}`, 303);
}

type Answer = Response | Promise<Response>;

/**
 * A guard for signed-in users: `signedOut` answers visitors who are not (sign-in by default), and
 * `refuse` answers the users it does not let through. What it checked is in its type: handlers
 * behind it see `c.var.user` and `c.var.session` as set, with no `!`.
 *
 * @example
 * ```ts
 * const uploaders = signedInGuard({ signedOut: (c) => c.text("Sign in to upload.", 401) });
 * ```
 */
export function signedInGuard(
  { signedOut = signInRedirect, refuse = () => undefined }: {
    signedOut?: (c: Context<AppEnv>) => Answer;
    refuse?: (c: Context<AppEnv>, user: User) => Answer | undefined;
  } = {},
): MiddlewareHandler<SignedInEnv> {
  const guard: MiddlewareHandler<AppEnv> = async (c, next) => {
    const { user, session } = c.var;
    if (!user || !session) return await signedOut(c);
    const refusal = refuse(c, user);
    if (refusal) return await refusal;
    await next();
  };
  // The one place the narrowing is asserted: past the check above, the user and the session are there.
  return guard as MiddlewareHandler as MiddlewareHandler<SignedInEnv>;
}

/** Lets signed-in users through; sends everyone else to /signin?next=<this page>. */
export function requireUser(): MiddlewareHandler<SignedInEnv> {
  return signedInGuard();
}

/** Like requireUser, and the email address must be verified (403 page with a link to verify otherwise). */
export function requireVerified(): MiddlewareHandler<SignedInEnv> {
  return signedInGuard({
    refuse: (c, user) =>
      user.emailVerifiedAt ? undefined : renderErrorPage(c, 403, {
        heading: "Verify your email first",
        message: "This feature is available once you have confirmed your email address.",
        action: { href: "/verify-email", label: "Verify your email" },
      }),
  });
}

/** Lets admins through; signed-out visitors go to sign-in, other users get a 403 page. */
export function requireAdmin(): MiddlewareHandler<SignedInEnv> {
  return signedInGuard({
    refuse: (c, user) =>
      user.role === "admin" ? undefined : renderErrorPage(c, 403, {
        heading: "Not allowed",
        message: "This page is for MIXERA administrators only.",
      }),
  });
}
