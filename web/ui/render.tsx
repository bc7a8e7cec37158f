/** @module Turns a page body into a full HTML response inside the portal layout. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context.ts";
import { Layout } from "./layout.tsx";
import { ErrorPage } from "./pages.tsx";

export interface PageOptions {
  title: string;
  body: Child;
  status?: ContentfulStatusCode;
  /** "card" for signed-out pages such as sign-in; defaults to "app" (with the sidebar). */
  variant?: "app" | "card";
}

/**
 * Renders `body` in the layout with the signed-in user's sidebar.
 *
 * @example
 * ```tsx
 * app.get("/devices", (c) => renderPage(c, { title: "Devices", body: <DevicesList /> }));
 * ```
 */
export function renderPage<E extends AppEnv>(
  c: Context<E>,
  { title, body, status = 200, variant = "app" }: PageOptions,
) {
  const user = c.get("user") ?? null;
  return c.html(
    "<!doctype html>" +
      (
        <Layout title={title} user={user} path={c.req.path} variant={user ? variant : "card"}>
          {body}
        </Layout>
      ),
    status,
  );
}

/** What an error page says; the heading is also the page title unless `title` says otherwise. */
export interface ErrorPageOptions {
  heading: string;
  message: string;
  /** Where the page's one button leads; the overview by default. */
  action?: { href: string; label: string };
  title?: string;
  variant?: PageOptions["variant"];
}

/**
 * Renders an error page with `status` in the layout.
 *
 * @example
 * ```ts
 * if (!app) return renderErrorPage(c, 404, { heading: "App not found", message: "You have no app with that client ID." });
 * ```
 */
export function renderErrorPage<E extends AppEnv>(
  c: Context<E>,
  status: ContentfulStatusCode,
  { heading, message, action, title = heading, variant }: ErrorPageOptions,
) {
  return renderPage(c, { title, status, variant, body: ErrorPage({ heading, message, action }) });
}
