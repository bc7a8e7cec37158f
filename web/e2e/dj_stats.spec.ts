// DJ Stats in Chromium: the demo dataset under its banner until the DJ's controller reports, then the real
// session (both plays, the blend with its tempo change and key relation), charts with their numbers,
// MIXEY's weekly summary through htmx, and the setlist downloaded as CSV and as a GEMA playlist.
import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { setEvents } from "../features/dj_stats/testing/played_set.ts";
import { HttpController, previewDj, signedInAdmin } from "./telemetry_controller.ts";

test("DJ Stats: demo until the controller reports, then the real set with its setlist exports", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await signedInAdmin(browser, "stats-admin@e2e.example");
  const dj = await previewDj(browser, admin, `stats-dj-${Date.now()}@e2e.example`, "DJ Stats");

  await dj.goto("/dj-stats");
  await expect(dj.getByRole("heading", { name: "Your DJ Statistics" })).toBeVisible();
  await expect(dj.getByTestId("demo-banner")).toContainText("Preview Mode - Demo Data");
  await expect(dj.getByTestId("most-active")).toContainText("Most active:");

  const controller = await HttpController.link(dj, baseURL!);
  const { events } = setEvents({
    start: new Date(Date.now() - 40 * 60_000),
    tracks: [
      { title: "Opening Groove", artist: "First Artist", seconds: 360, bpm: 124, key: "8A", genre: "House" },
      { title: "Second Wave", artist: "Second Artist", seconds: 300, bpm: 128, key: "9A", genre: "Techno" },
    ],
    mixes: [{ tempoDeltaPct: 3.2, camelotRelation: "adjacent", overlapBeats: 32 }],
    energyWh: 120,
  });
  await controller.send(events);

  await dj.goto("/dj-stats");
  await expect(dj.getByTestId("demo-banner")).toHaveCount(0);
  await expect(dj.getByTestId("last-updated")).toContainText("Last updated: Today");
  await expect(dj.getByTestId("total-sessions")).toHaveText("1");
  await expect(dj.getByTestId("total-tracks")).toHaveText("2");
  const best = dj.getByTestId("best-transitions");
  await expect(best).toContainText("First Artist – Opening Groove (8A)");
  await expect(best).toContainText("Second Artist – Second Wave (9A)");
  await expect(best).toContainText("3.2 %");
  await expect(best).toContainText("Adjacent key");
  await expect(dj.getByTestId("harmonic-pct")).toHaveText("100 %");

  // Charts are SVG with their numbers one click away, no script needed.
  const genres = dj.locator('[data-panel="top-genres"]');
  await expect(genres.locator("svg[role=img]")).toBeVisible();
  await genres.getByText("Show the numbers").click();
  await expect(genres.locator("table")).toContainText("House");

  // MIXEY's weekly summary arrives through htmx without leaving the page.
  await dj.getByRole("button", { name: "Get my weekly summary" }).click();
  await expect(dj.getByTestId("weekly-summary")).toContainText("This week you played 1 session");
  await expect(dj).toHaveURL(/\/dj-stats$/);

  await dj.getByRole("link", { name: "Setlist" }).first().click();
  await expect(dj.getByTestId("setlist-row")).toHaveCount(2);
  await expect(dj.getByTestId("setlist-row").first()).toContainText("Opening Groove");

  const csvDownload = dj.waitForEvent("download");
  await dj.getByRole("link", { name: "Download setlist (CSV)" }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toMatch(/^setlist-\d{8}-\d{4}\.csv$/);
  const csvText = readFileSync(await csv.path(), "utf8");
  expect(csvText).toContain("Position,Started (UTC),Artist,Title,Deck,BPM,Key,Played");
  expect(csvText).toMatch(/1,[^,]+,First Artist,Opening Groove,1,124,8A,6:00/);

  const gemaDownload = dj.waitForEvent("download");
  await dj.getByRole("link", { name: "Download GEMA playlist (CSV)" }).click();
  const gemaText = readFileSync(await (await gemaDownload).path(), "utf8");
  expect(gemaText.split("\r\n")[0]).toBe("Artist,Title,Duration,Time played (UTC)");
  expect(gemaText).toContain("Second Artist,Second Wave,5:20,");
});
