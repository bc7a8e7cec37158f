// Leaderboard & Badges in Chromium: the demo board until an opted-in DJ has data; "Show on Leaderboard"
// and a badge's visibility switched on Profile; only opted-in DJs ranked; two DJs with the same numbers
// share a rank.
import { expect, type Page, test } from "@playwright/test";
import { setEvents } from "../features/dj_stats/testing/played_set.ts";
import { HttpController, previewDj, signedInAdmin } from "./telemetry_controller.ts";

async function playThreeTracks(dj: Page, baseURL: string) {
  const controller = await HttpController.link(dj, baseURL);
  const { events } = setEvents({
    start: new Date(Date.now() - 30 * 60_000),
    tracks: [1, 2, 3].map((n) => ({ title: `Track ${n}`, artist: "Board Artist", seconds: 240 })),
  });
  await controller.send(events);
}

async function showOnLeaderboard(dj: Page) {
  await dj.goto("/profile");
  await expect(dj.getByRole("heading", { name: "Badges & Leaderboard" })).toBeVisible();
  await expect(dj.getByTestId("leaderboard-state")).toHaveText("Off");
  await dj.getByTestId("leaderboard-toggle").click();
  await expect(dj.getByTestId("leaderboard-state")).toHaveText("On");
}

test("Leaderboard: opt-in, badge visibility, only opted-in DJs, ties share a rank", async ({ browser, baseURL }) => {
  test.setTimeout(150_000);
  const run = Date.now();
  const admin = await signedInAdmin(browser, "board-admin@e2e.example");
  const ana = await previewDj(browser, admin, `board-ana-${run}@e2e.example`, `Ana ${run}`);
  const ben = await previewDj(browser, admin, `board-ben-${run}@e2e.example`, `Ben ${run}`);

  await ana.goto("/leaderboard");
  const board = ana.locator("table.leaderboard");
  await playThreeTracks(ana, baseURL!);
  await playThreeTracks(ben, baseURL!);

  // Nobody opted in yet: Ana's and Ben's numbers appear nowhere.
  await ana.goto("/leaderboard?category=tracks&period=week");
  await expect(board).not.toContainText(`Ana ${run}`);
  await expect(board).not.toContainText(`Ben ${run}`);

  await showOnLeaderboard(ana);
  await ana.goto("/leaderboard?category=tracks&period=week");
  await expect(ana.getByTestId("demo-banner")).toHaveCount(0);
  const anaRow = ana.getByTestId("board-row").filter({ hasText: `Ana ${run}` });
  await expect(anaRow).toContainText("3 tracks");
  await expect(anaRow).toContainText("Debut");
  await expect(board).not.toContainText(`Ben ${run}`);

  await showOnLeaderboard(ben);
  await ana.reload();
  const benRow = ana.getByTestId("board-row").filter({ hasText: `Ben ${run}` });
  await expect(benRow).toBeVisible();
  expect(await benRow.getAttribute("data-rank")).toBe(await anaRow.getAttribute("data-rank"));

  // Ana hides her Debut badge on Profile: the board stops showing it, Ben's stays.
  await ana.goto("/profile");
  const debut = ana.locator('button[data-badge="sessions-1"]');
  await expect(debut).toHaveText("Visible");
  await debut.click();
  await expect(ana.locator('button[data-badge="sessions-1"]')).toHaveText("Hidden");
  await ana.goto("/leaderboard?category=tracks&period=week");
  await expect(anaRow).not.toContainText("Debut");
  await expect(benRow).toContainText("Debut");
  await expect(ana.getByTestId("badge-progress")).toContainText("to earn Regular (10 sessions)");
  await expect(ana.getByRole("heading", { name: "Badge Legend" })).toBeVisible();
});
