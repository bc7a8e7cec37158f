/**
 * @module
 * DJ Stats routes (a Preview Program area): the stats page, MIXEY's weekly summary as an htmx fragment,
 * and each session's setlist with its CSV and rights-society exports.
 */
import { type Context, Hono } from "hono";
import type { AppEnv, SignedInEnv } from "../../context.ts";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { requirePreview } from "../preview/mod.ts";
import { djStatsFor } from "./service.ts";
import { findSetlist } from "./source.ts";
import { rightsSocietyCsv, setlistCsv, setlistFileName, SetlistPage } from "./setlist.tsx";
import { djStatsStyles } from "./styles.ts";
import { DjStatsPage, WeeklySummaryText } from "./views.tsx";
import { weeklySummary } from "./weekly_summary.ts";

const djStatsPageRoutes = guardedRoutes("/dj-stats", requirePreview({ area: "DJ Stats" }));

djStatsPageRoutes.get("/dj-stats", async (c) => {
  const { stats, demo } = await djStatsFor(c.var.deps.db, c.var.user.id, c.var.deps.clock.now());
  const summary = c.req.query("summary") === "week" ? weeklySummary(stats.week) : null;
  return renderPage(c, {
    title: "DJ Stats",
    body: <DjStatsPage stats={stats} demo={demo} summary={summary} />,
  });
});

djStatsPageRoutes.get("/dj-stats/weekly-summary", async (c) => {
  const { stats } = await djStatsFor(c.var.deps.db, c.var.user.id, c.var.deps.clock.now());
  return c.html(<WeeklySummaryText text={weeklySummary(stats.week)} />);
});

const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,64}$/;

async function setlistOf(c: Context<SignedInEnv>) {
  const deviceId = c.req.param("deviceId") ?? "";
  const sessionId = c.req.param("sessionId") ?? "";
  if (!ID_PATTERN.test(deviceId) || !ID_PATTERN.test(sessionId)) return null;
  return await findSetlist(c.var.deps.db, c.var.user.id, { deviceId, sessionId });
}

const notFound = (c: Context<SignedInEnv>) =>
  renderErrorPage(c, 404, {
    heading: "Session not found",
    message: "You have no session with that id.",
    action: { href: "/dj-stats", label: "Back to DJ Stats" },
  });

function csvDownload(c: Context<SignedInEnv>, body: string, fileName: string) {
  return c.body(body, 200, {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName}"`,
  });
}

djStatsPageRoutes.get("/dj-stats/sessions/:deviceId/:sessionId", async (c) => {
  const setlist = await setlistOf(c);
  if (!setlist) return notFound(c);
  const basePath = c.req.path.replace(/\/$/, "");
  return renderPage(c, { title: "Setlist", body: <SetlistPage setlist={setlist} basePath={basePath} /> });
});

djStatsPageRoutes.get("/dj-stats/sessions/:deviceId/:sessionId/setlist.csv", async (c) => {
  const setlist = await setlistOf(c);
  if (!setlist) return notFound(c);
  return csvDownload(c, setlistCsv(setlist), setlistFileName("setlist", setlist));
});

djStatsPageRoutes.get("/dj-stats/sessions/:deviceId/:sessionId/gema.csv", async (c) => {
  const setlist = await setlistOf(c);
  if (!setlist) return notFound(c);
  return csvDownload(c, rightsSocietyCsv(setlist), setlistFileName("gema-playlist", setlist));
});

/** The stylesheet (public, like every asset) and the guarded pages. */
export const djStatsRoutes = new Hono<AppEnv>();
djStatsRoutes.route("/", djStatsStyles.routes);
djStatsRoutes.route("/", djStatsPageRoutes);
