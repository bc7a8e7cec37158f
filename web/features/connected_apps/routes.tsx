/** @module Routes of Connected Applications: list the apps a user authorised and revoke them. */
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { listConnectedApps, revokeConnectedApp } from "../oauth/mod.ts";
import { ConnectedAppsPage } from "./views.tsx";

export const connectedAppsRoutes = guardedRoutes("/connected-apps", requireUser());

connectedAppsRoutes.get("/connected-apps", async (c) => {
  const user = c.var.user;
  const apps = await listConnectedApps(c.var.deps.db, user.id);
  const notice = c.req.query("notice") === "revoked"
    ? "Access revoked. The app can no longer use your Mixera ID."
    : undefined;
  return renderPage(c, {
    title: "Connected Applications",
    body: <ConnectedAppsPage apps={apps} notice={notice} />,
  });
});

connectedAppsRoutes.post("/connected-apps/:clientId/revoke", async (c) => {
  const user = c.var.user;
  const { db, clock } = c.var.deps;
  const revoked = await revokeConnectedApp(db, user.id, c.req.param("clientId"), clock.now());
  if (!revoked) {
    return renderErrorPage(c, 404, {
      heading: "Not connected",
      message: "That app has no access to your account.",
      action: { href: "/connected-apps", label: "Back to Connected Applications" },
    });
  }
  return c.redirect("/connected-apps?notice=revoked", 303);
});
