/**
 * @module
 * The Cloud page's uploader script and stylesheet, served from content-hashed URLs under
 * /cloud/assets/ (the portal CSP allows only same-origin scripts and styles).
 */
import { Hono } from "hono";
import { hashSecret } from "../../auth/secrets.ts";
import css from "./cloud.css" with { type: "text" };
import uploaderJs from "./uploader.js" with { type: "text" };

function hashedPath(name: string, extension: string, body: string): string {
  return `/cloud/assets/${name}.${hashSecret(body).slice(0, 12)}.${extension}`;
}

export const CLOUD_ASSETS = {
  css: hashedPath("cloud", "css", css),
  js: hashedPath("uploader", "js", uploaderJs),
};

export const cloudAssetRoutes = new Hono();
for (
  const [path, body, type] of [
    [CLOUD_ASSETS.css, css, "text/css; charset=utf-8"],
    [CLOUD_ASSETS.js, uploaderJs, "text/javascript; charset=utf-8"],
  ]
) {
  cloudAssetRoutes.get(
    path,
    (c) =>
      c.body(body, 200, { "Content-Type": type, "Cache-Control": "public, max-age=31536000, immutable" }),
  );
}
