/** @module The page shell: top bar, sidebar of every area, unverified-email banner, main content. */
import type { Child } from "hono/jsx";
import type { User } from "../db/schema/users.ts";
import { raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { type Area, areaForPath, AREAS } from "./areas.ts";
import { ASSET_PATHS } from "./assets.ts";

export interface LayoutProps {
  title: string;
  user: User | null;
  path: string;
  /** "app" draws the sidebar; "card" centres the content (sign-in, sign-up and similar pages). */
  variant: "app" | "card";
  children: Child;
}

function Logo() {
  return (
    <a class="logo" href="/" aria-label="MIXERA home">
      <span class="logo-mark" aria-hidden="true"></span>MIXERA
    </a>
  );
}

function SidebarLinks({ role, current }: { role: User["role"]; current: Area | undefined }) {
  const areas = AREAS.filter((area) => !area.adminOnly || role === "admin");
  return (
    <nav class="sidebar" aria-label="Portal areas">
      <ul>
        {areas.map((area) => (
          <li>
            <a
              href={area.path}
              class={area === current ? "active" : undefined}
              aria-current={area === current ? "page" : undefined}
            >
              {area.title}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The sidebar depends only on the role and the current area, and is drawn on every page: keep each variant. */
const sidebarCache = new Map<string, HtmlEscapedString>();

function Sidebar({ user, path }: { user: User; path: string }) {
  const current = areaForPath(path);
  const key = `${user.role}:${current?.slug ?? ""}`;
  let html = sidebarCache.get(key);
  if (!html) sidebarCache.set(key, html = raw(String(<SidebarLinks role={user.role} current={current} />)));
  return html;
}

function UserMenu({ user }: { user: User | null }) {
  if (!user) {
    return (
      <div class="user-menu">
        <a href="/signin">Sign in</a>
        <a class="button button-small" href="/signup">Create account</a>
      </div>
    );
  }
  return (
    <div class="user-menu">
      <span class="user-name">{user.displayName}</span>
      <form method="post" action="/signout">
        <button type="submit" class="button button-small button-quiet">Sign out</button>
      </form>
    </div>
  );
}

function UnverifiedBanner() {
  return (
    <div class="banner" role="status">
      Your email address is not verified yet. Some features stay locked until it is.{" "}
      <a href="/verify-email">Verify now</a>
    </div>
  );
}

export function Layout({ title, user, path, variant, children }: LayoutProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorCSS": false}' />
        <title>{`${title} · MIXERA`}</title>
        <link rel="stylesheet" href={ASSET_PATHS.css} />
        <link rel="icon" href={ASSET_PATHS.icon} type="image/svg+xml" />
        <script src={ASSET_PATHS.htmx} defer></script>
      </head>
      <body class={`variant-${variant}`}>
        <a class="skip-link" href="#main">Skip to content</a>
        <header class="topbar">
          <Logo />
          <UserMenu user={user} />
        </header>
        {variant === "app" && user
          ? (
            <div class="shell">
              <Sidebar user={user} path={path} />
              <main id="main" class="content">
                {user.emailVerifiedAt ? null : <UnverifiedBanner />}
                {children}
              </main>
            </div>
          )
          : <main id="main" class="card-page">{children}</main>}
      </body>
    </html>
  );
}
