/** @module Routes of Connected Applications: list the apps a user authorised and revoke them. */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import type { User } from "../../db/schema/users.ts";
import { requireUser } from "../../auth/middleware.ts";
import { renderPage } from "../../ui/render.tsx";
import { ErrorPage } from "../../ui/pages.tsx";
import { listConnectedApps } from "../oauth/consents.ts";
import { revokeConnectedApp } from "../oauth/revocation.ts";
import { ConnectedAppsPage } from "./views.tsx";

export const connectedAppsRoutes = new Hono<AppEnv>();

connectedAppsRoutes.use("/connected-apps", requireUser());
connectedAppsRoutes.use("/connected-apps/*", requireUser());

connectedAppsRoutes.get("/connected-apps", async (c) => {
  const user = c.var.user as User;
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
  const user = c.var.user as User;
  const { db, clock } = c.var.deps;
  const revoked = await revokeConnectedApp(db, user.id, c.req.param("clientId"), clock.now());
  if (!revoked) {
    return renderPage(c, {
      title: "Not connected",
      status: 404,
      body: ErrorPage({
        heading: "Not connected",
        message: "That app has no access to your account.",
        action: { href: "/connected-apps", label: "Back to Connected Applications" },
      }),
    });
  }
  return c.redirect("/connected-apps?notice=revoked", 303);
});
