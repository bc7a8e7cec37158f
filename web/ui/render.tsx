/** @module Turns a page body into a full HTML response inside the portal layout. */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppEnv } from "../context.ts";
import { Layout } from "./layout.tsx";

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
export function renderPage(c: Context<AppEnv>, { title, body, status = 200, variant = "app" }: PageOptions) {
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
