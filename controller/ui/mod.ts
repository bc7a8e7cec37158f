/**
 * @module
 * Serves the controller's browser front end (page, stylesheet, script) from memory, so it works the same
 * from source and from the compiled binary. The page talks to the WebSocket bridge on the same origin.
 */
import appJs from "./app.js" with { type: "text" };
import { FAVICON_SVG, PAGE_CSS, PAGE_HTML } from "./page.ts";

/** Scripts and styles only from this origin, no inline code, no framing, sockets back to this origin only. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const assets: Record<string, { body: string; type: string }> = {
  "/": { body: PAGE_HTML, type: "text/html; charset=utf-8" },
  "/app.css": { body: PAGE_CSS, type: "text/css; charset=utf-8" },
  "/app.js": { body: appJs, type: "text/javascript; charset=utf-8" },
  "/favicon.svg": { body: FAVICON_SVG, type: "image/svg+xml" },
};

/** The response for a UI path, or undefined when the path is not part of the UI. */
export function serveUi(request: Request): Response | undefined {
  const asset = assets[new URL(request.url).pathname];
  if (!asset || (request.method !== "GET" && request.method !== "HEAD")) return undefined;
  return new Response(request.method === "HEAD" ? null : asset.body, {
    headers: {
      "content-type": asset.type,
      "content-security-policy": CONTENT_SECURITY_POLICY,
      "x-content-type-options": "nosniff",
      "referrer-policy": "no-referrer",
      "cache-control": "no-cache",
    },
  });
}
