/**
 * @module
 * Request guards: `loadSession` puts the signed-in user on the context; `requireUser`, `requireVerified`
 * and `requireAdmin` protect routes.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { AppEnv } from "../context.ts";
import { renderPage } from "../ui/render.tsx";
import { ErrorPage } from "../ui/pages.tsx";
import { deleteSessionCookie, readSessionCookie, setSessionCookie, validateSessionToken } from "./session.ts";
import { isCsrfExempt } from "../security/csrf.ts";

/**
 * Resolves the session cookie to `c.var.user` / `c.var.session` (null when signed out). Machine endpoints
 * (the CSRF-exempt OAuth back channel and device APIs) authenticate each request themselves and never read
 * the browser session, so a cookie sent along cannot lend them a user.
 */
export function loadSession(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    c.set("user", null);
    c.set("session", null);
    const token = isCsrfExempt(c.req.path) ? null : readSessionCookie(c);
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

function signInRedirect(c: Context<AppEnv>): Response {
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

/** Lets signed-in users through; sends everyone else to /signin?next=<this page>. */
export function requireUser(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!c.var.user) return signInRedirect(c);
    await next();
  };
}

/** Like requireUser, and the email address must be verified (403 page with a link to verify otherwise). */
export function requireVerified(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) return signInRedirect(c);
    if (!user.emailVerifiedAt) {
      return renderPage(c, {
        title: "Verify your email first",
        status: 403,
        body: ErrorPage({
          heading: "Verify your email first",
          message: "This feature is available once you have confirmed your email address.",
          action: { href: "/verify-email", label: "Verify your email" },
        }),
      });
    }
    await next();
  };
}

/** Lets admins through; signed-out visitors go to sign-in, other users get a 403 page. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const user = c.var.user;
    if (!user) return signInRedirect(c);
    if (user.role !== "admin") {
      return renderPage(c, {
        title: "Not allowed",
        status: 403,
        body: ErrorPage({ heading: "Not allowed", message: "This page is for MIXERA administrators only." }),
      });
    }
    await next();
  };
}
