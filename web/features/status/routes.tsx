/**
 * @module
 * OCP API Status routes: the public page, "Check now" (a same-origin POST that runs the checks at once),
 * and `GET /api/status`, the same results as JSON for monitors.
 */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { renderPage } from "../../ui/render.tsx";
import { overallState, runStatusChecks, statusOverview } from "./service.ts";
import { statusStyles } from "./styles.ts";
import "./status_endpoints.ts";
import "./user_data.ts";
import { StatusPage } from "./views.tsx";

export const statusRoutes = new Hono<AppEnv>();

statusRoutes.route("/", statusStyles.routes);

statusRoutes.get("/ocp-status", async (c) => {
  const { db, clock, config } = c.var.deps;
  const statuses = await statusOverview(db, clock.now());
  c.header("Cache-Control", "no-store");
  return renderPage(c, {
    title: "OCP API Status",
    body: <StatusPage statuses={statuses} overall={overallState(statuses)} publicUrl={config.publicUrl} />,
  });
});

statusRoutes.post("/ocp-status/check", async (c) => {
  await runStatusChecks(c.var.deps);
  if (c.req.header("hx-request") !== "true") return c.redirect("/ocp-status", 303);
  const { db, clock, config } = c.var.deps;
  const statuses = await statusOverview(db, clock.now());
  c.header("Cache-Control", "no-store");
  return renderPage(c, {
    title: "OCP API Status",
    body: <StatusPage statuses={statuses} overall={overallState(statuses)} publicUrl={config.publicUrl} />,
  });
});

statusRoutes.get("/api/status", async (c) => {
  const { db, clock } = c.var.deps;
  const statuses = await statusOverview(db, clock.now());
  const checkedAt = statuses.map((status) => status.latest?.checkedAt.getTime() ?? 0).reduce(
    (a, b) => Math.max(a, b),
    0,
  );
  return c.json(
    {
      status: overallState(statuses),
      checked_at: checkedAt ? new Date(checkedAt).toISOString() : null,
      endpoints: statuses.map(({ endpoint, latest, uptime24h, uptime30d }) => ({
        id: endpoint.id,
        service: endpoint.service,
        name: endpoint.name,
        method: endpoint.method,
        path: endpoint.path,
        requires_auth: endpoint.requiresAuth,
        state: latest?.state ?? "unknown",
        http_status: latest?.httpStatus ?? null,
        response_ms: latest?.responseMs ?? null,
        detail: latest?.detail ?? null,
        checked_at: latest?.checkedAt.toISOString() ?? null,
        uptime_24h: uptime24h,
        uptime_30d: uptime30d,
      })),
    },
    200,
    { "Cache-Control": "no-store", "Access-Control-Allow-Origin": "*" },
  );
});
