/**
 * @module
 * Leaderboard routes (a Preview Program area): the Community Leaderboard by category and period, the
 * "Show on Leaderboard" switch and the per-badge visibility switches (posted from Profile).
 */
import { z } from "zod";
import { guardedRoutes } from "../../auth/guarded_routes.ts";
import { parseForm } from "../../http/forms.ts";
import { renderErrorPage, renderPage } from "../../ui/render.tsx";
import { requirePreview } from "../preview/mod.ts";
import {
  BADGE_CATEGORIES,
  type BadgeCategory,
  badgeProgress,
  isBadgeId,
  totalsForUser,
} from "../dj_stats/mod.ts";
import { communityBoard, PERIODS } from "./board.ts";
import { demoBoard } from "./demo.ts";
import { readChoices, setBadgeVisible, setShowOnLeaderboard } from "./settings.ts";
import { LeaderboardPage } from "./views.tsx";

export const leaderboardRoutes = guardedRoutes("/leaderboard", requirePreview({ area: "Leaderboard" }));

const CATEGORY_NAMES = BADGE_CATEGORIES.map((c) => c.category) as [BadgeCategory, ...BadgeCategory[]];

const boardQuerySchema = z.object({
  category: z.enum(CATEGORY_NAMES).default("playtime"),
  period: z.enum(PERIODS).default("week"),
});

leaderboardRoutes.get("/leaderboard", async (c) => {
  const query = boardQuerySchema.safeParse({
    category: c.req.query("category") || undefined,
    period: c.req.query("period") || undefined,
  });
  if (!query.success) {
    return renderErrorPage(c, 400, {
      heading: "Unknown leaderboard",
      message: `Choose a category (${CATEGORY_NAMES.join(", ")}) and a period (week or all).`,
      action: { href: "/leaderboard", label: "Open the leaderboard" },
    });
  }
  const { db, clock } = c.var.deps;
  const user = c.var.user;
  const [real, totals, choices] = await Promise.all([
    communityBoard(db, query.data.category, query.data.period, clock.now()),
    totalsForUser(db, user.id),
    readChoices(db, user.id),
  ]);
  const board = real.hasRealData ? real : demoBoard(query.data.category, query.data.period);
  return renderPage(c, {
    title: "Leaderboard",
    body: (
      <LeaderboardPage board={board} viewerId={user.id} progress={badgeProgress(totals)} choices={choices} />
    ),
  });
});

const switchSchema = z.enum(["on", "off"]).transform((value) => value === "on");

leaderboardRoutes.post("/leaderboard/settings", async (c) => {
  const form = await parseForm(c, z.object({ show: switchSchema }));
  if (!form.ok) {
    return renderErrorPage(c, form.tooLarge ? 413 : 400, {
      heading: "That did not work",
      message: "Choose whether to show you on the leaderboard.",
      action: { href: "/profile", label: "Back to your profile" },
    });
  }
  await setShowOnLeaderboard(c.var.deps.db, c.var.user.id, form.data.show, c.var.deps.clock.now());
  return c.redirect("/profile#badges-leaderboard", 303);
});

leaderboardRoutes.post("/leaderboard/badges", async (c) => {
  const form = await parseForm(
    c,
    z.object({ badge: z.string().max(64).refine(isBadgeId, "Unknown badge"), visible: switchSchema }),
  );
  if (!form.ok) {
    return renderErrorPage(c, form.tooLarge ? 413 : 400, {
      heading: "That did not work",
      message: "Choose one of your badges to show or hide.",
      action: { href: "/profile", label: "Back to your profile" },
    });
  }
  await setBadgeVisible(c.var.deps.db, c.var.user.id, form.data.badge, form.data.visible);
  return c.redirect("/profile#badges-leaderboard", 303);
});
