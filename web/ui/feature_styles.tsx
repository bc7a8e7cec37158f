/**
 * @module
 * A feature's own stylesheet, served from a content-hashed URL (the portal CSP allows same-origin styles
 * only) and linked at the top of the feature's page bodies, so the portal-wide CSS stays small.
 */
import { Hono } from "hono";
import { createHash } from "node:crypto";

export interface FeatureStylesheet {
  path: string;
  routes: Hono;
  /** The `<link>` to place in a page body. */
  Link: () => ReturnType<typeof StylesheetLink>;
}

function StylesheetLink({ href }: { href: string }) {
  return <link rel="stylesheet" href={href} />;
}

/**
 * @example
 * ```tsx
 * import css from "./gema.css" with { type: "text" };
 * export const gemaStyles = featureStylesheet("gema", css);
 * app.route("/", gemaStyles.routes); // then <gemaStyles.Link /> in the page
 * ```
 */
export function featureStylesheet(name: string, css: string): FeatureStylesheet {
  const hash = createHash("sha256").update(css, "utf8").digest("hex").slice(0, 12);
  const path = `/assets/features/${name}.${hash}.css`;
  const routes = new Hono();
  routes.get(path, (c) =>
    c.body(css, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    }));
  return { path, routes, Link: () => StylesheetLink({ href: path }) };
}
