/**
 * @module
 * The developer area's own stylesheet and the OAuth Test Page script, served from content-hashed
 * URLs under /developer/assets/ (the portal CSP allows only same-origin scripts and styles).
 */
import { Hono } from "hono";
import { hashSecret } from "../../auth/secrets.ts";
import css from "./developer.css" with { type: "text" };
import testPageJs from "./test_page.js" with { type: "text" };

function hashedPath(name: string, extension: string, body: string): string {
  return `/developer/assets/${name}.${hashSecret(body).slice(0, 12)}.${extension}`;
}

export const DEVELOPER_ASSETS = {
  css: hashedPath("developer", "css", css),
  testPageJs: hashedPath("test-page", "js", testPageJs),
};

export const developerAssetRoutes = new Hono();
developerAssetRoutes.get(
  DEVELOPER_ASSETS.css,
  (c) =>
    c.body(css, 200, {
      "Content-Type": "text/css; charset=utf-8",
      "Cache-Control": "public, max-age=31536000, immutable",
    }),
);
developerAssetRoutes.get(DEVELOPER_ASSETS.testPageJs, (c) =>
  c.body(testPageJs, 200, {
    "Content-Type": "text/javascript; charset=utf-8",
    "Cache-Control": "public, max-age=31536000, immutable",
  }));

/** The stylesheet link, placed at the top of each developer page body. */
export function DeveloperStyles() {
  return <link rel="stylesheet" href={DEVELOPER_ASSETS.css} />;
}
