/** @module Routes that link and unlink Google Drive or Dropbox ("Connect External Storage"). */
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import {
  decodePendingLink,
  encodePendingLink,
  finishLink,
  isExternalProvider,
  PROVIDERS,
  startLink,
  unlink,
} from "./external_storage/mod.ts";
import { showInfinity } from "./routes.tsx";

const LINK_COOKIE = "mixera_external_link";
const COOKIE_PATH = "/infinity/external-storage";

export const externalStorageRoutes = guardedRoutes("/infinity/external-storage", requireUser());

externalStorageRoutes.post("/infinity/external-storage/:provider/connect", (c) => {
  const provider = c.req.param("provider");
  if (!isExternalProvider(provider)) return c.notFound();
  const started = startLink(c.var.deps.config, provider);
  if (!started) {
    return showInfinity(c, c.var.user, {
      error: `${PROVIDERS[provider].name} is not configured on this portal.`,
      status: 422,
    });
  }
  setCookie(c, LINK_COOKIE, encodePendingLink(started.pending), {
    httpOnly: true,
    // Lax: the provider's redirect back is a top-level GET from another site.
    sameSite: "Lax",
    secure: new URL(c.var.deps.config.publicUrl).protocol === "https:",
    path: COOKIE_PATH,
    maxAge: 600,
  });
  return c.redirect(started.url.toString(), 303);
});

externalStorageRoutes.get("/infinity/external-storage/:provider/callback", async (c) => {
  const provider = c.req.param("provider");
  if (!isExternalProvider(provider)) return c.notFound();
  const pending = decodePendingLink(getCookie(c, LINK_COOKIE));
  deleteCookie(c, LINK_COOKIE, { path: COOKIE_PATH });
  const result = await finishLink(c.var.deps, c.var.user.id, pending, provider, {
    state: c.req.query("state"),
    code: c.req.query("code"),
    error: c.req.query("error"),
  });
  if (!result.ok) return showInfinity(c, c.var.user, { error: result.message, status: 400 });
  return c.redirect("/infinity?notice=external-linked", 303);
});

externalStorageRoutes.post("/infinity/external-storage/disconnect", async (c) => {
  await unlink(c.var.deps.db, c.var.user.id);
  return c.redirect("/infinity?notice=external-unlinked", 303);
});
