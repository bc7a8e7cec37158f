/** @module The Sustainability Dashboard route: the signed-in DJ's footprint and the community's impact. */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { requireUser } from "../../auth/middleware.ts";
import { renderPage } from "../../ui/render.tsx";
import { communityImpact, userFootprint } from "./service.ts";
import { sustainabilityStyles } from "./styles.ts";
import { SustainabilityPage } from "./views.tsx";

const sustainabilityPageRoutes = guardedRoutes("/sustainability", requireUser());

sustainabilityPageRoutes.get("/sustainability", async (c) => {
  const { db, clock } = c.var.deps;
  const [footprint, community] = await Promise.all([
    userFootprint(db, c.var.user.id, clock.now()),
    communityImpact(db),
  ]);
  return renderPage(c, {
    title: "Sustainability",
    body: <SustainabilityPage footprint={footprint} community={community} />,
  });
});

/** The stylesheet (public, like every asset) and the page. */
export const sustainabilityRoutes = new Hono<AppEnv>();
sustainabilityRoutes.route("/", sustainabilityStyles.routes);
sustainabilityRoutes.route("/", sustainabilityPageRoutes);
