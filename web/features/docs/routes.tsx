/**
 * @module
 * The public documentation pages: `/docs/ocp` (the Open Communication Protocol, with the live OCP API Status
 * summary) and `/docs/mixera-os` (the MIXERA OS developer documentation).
 */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { renderPage } from "../../ui/render.tsx";
import { overallState, statusEndpoints, statusOverview } from "../status/mod.ts";
import { MixeraOsDocsPage } from "./mixera_os_page.tsx";
import { OcpDocsPage } from "./ocp_page.tsx";
import { docsStyles } from "./styles.ts";

export const docsRoutes = new Hono<AppEnv>();

docsRoutes.route("/", docsStyles.routes);

docsRoutes.get("/docs/ocp", async (c) => {
  const statuses = await statusOverview(c.var.deps.db, c.var.deps.clock.now());
  const status = {
    overall: overallState(statuses),
    endpoints: statuses.map(({ endpoint, latest }) => ({
      id: endpoint.id,
      name: endpoint.name,
      state: latest?.state ?? "unknown" as const,
    })),
  };
  return renderPage(c, { title: "Open Communication Protocol (OCP)", body: <OcpDocsPage status={status} /> });
});

docsRoutes.get("/docs/mixera-os", (c) => {
  const deviceEndpoints = statusEndpoints().filter((endpoint) => endpoint.service === "device");
  return renderPage(c, { title: "MIXERA OS", body: <MixeraOsDocsPage deviceEndpoints={deviceEndpoints} /> });
});
