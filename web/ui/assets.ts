/**
 * @module
 * Static assets, bundled by text import so the portal needs no files at runtime (Deno Deploy).
 * Their URLs carry a content hash, so browsers may cache them forever.
 */
import { Hono } from "hono";
import htmx from "htmx.org/dist/htmx.min.js" with { type: "text" };
import styles from "./styles.css" with { type: "text" };
import icon from "./icon.svg" with { type: "text" };
import { createHash } from "node:crypto";

interface Asset {
  path: string;
  body: string;
  type: string;
}

/** A short fingerprint of an asset's bytes, so a changed file gets a new URL. */
function contentHash(body: string): string {
  return createHash("sha256").update(body, "utf8").digest("hex").slice(0, 12);
}

function asset(name: string, extension: string, body: string, type: string): Asset {
  return { path: `/assets/${name}.${contentHash(body)}.${extension}`, body, type };
}

const ASSETS = {
  css: asset("app", "css", styles, "text/css; charset=utf-8"),
  htmx: asset("htmx-4.0.1", "js", htmx, "text/javascript; charset=utf-8"),
  icon: asset("icon", "svg", icon, "image/svg+xml"),
};

export const ASSET_PATHS = {
  css: ASSETS.css.path,
  htmx: ASSETS.htmx.path,
  icon: ASSETS.icon.path,
};

export const assetRoutes = new Hono();
for (const { path, body, type } of Object.values(ASSETS)) {
  assetRoutes.get(
    path,
    (c) =>
      c.body(body, 200, { "Content-Type": type, "Cache-Control": "public, max-age=31536000, immutable" }),
  );
}
