/**
 * @module
 * The library pages' script, stylesheet and wavesurfer.js, from content-hashed URLs under
 * /cloud/library-assets/ (the portal CSP allows only same-origin scripts and styles).
 */
import { Hono } from "hono";
import { createHash } from "node:crypto";
import css from "./library.css" with { type: "text" };
import trackPageJs from "./track_page.js" with { type: "text" };
import wavesurferJs from "wavesurfer.js" with { type: "text" };

function hashedPath(name: string, extension: string, body: string): string {
  const hash = createHash("sha256").update(body, "utf8").digest("hex").slice(0, 12);
  return `/cloud/library-assets/${name}.${hash}.${extension}`;
}

export const LIBRARY_ASSETS = {
  css: hashedPath("library", "css", css),
  trackPage: hashedPath("track-page", "js", trackPageJs),
  wavesurfer: hashedPath("wavesurfer-8.0.1", "js", wavesurferJs),
};
export type LibraryAssets = typeof LIBRARY_ASSETS;

export const libraryAssetRoutes = new Hono();
for (
  const [path, body, type] of [
    [LIBRARY_ASSETS.css, css, "text/css; charset=utf-8"],
    [LIBRARY_ASSETS.trackPage, trackPageJs, "text/javascript; charset=utf-8"],
    [LIBRARY_ASSETS.wavesurfer, wavesurferJs, "text/javascript; charset=utf-8"],
  ]
) {
  libraryAssetRoutes.get(
    path,
    (c) =>
      c.body(body, 200, { "Content-Type": type, "Cache-Control": "public, max-age=31536000, immutable" }),
  );
}
