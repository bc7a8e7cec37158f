// The deck UI's cloud browser, driven in Chromium against the real engine (ALSA "null" output), the engine
// API and the real cloud track library in front of a portal double (controller/cloud/tracks/testing/).
// The real portal with the compiled controller is covered by cloud_tracks.spec.ts.
import { expect, test } from "@playwright/test";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const root = new URL("../..", import.meta.url).pathname;
let controller: ChildProcess;
let baseUrl = "";
let dir = "";

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-cloud-ui-"));
  controller = spawn(
    join(root, "node_modules", ".bin", "bun"),
    ["controller/cloud/tracks/testing/serve_cloud_decks.ts", dir, "--tracks", "3", "--seconds", "12"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: controller.stdout! }).once("line", resolve);
    controller.once("exit", (code) => reject(new Error(`controller exited with ${code}`)));
  });
  baseUrl = `http://127.0.0.1:${(JSON.parse(firstLine) as { ws: number }).ws}`;
});

test.afterAll(() => {
  controller?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

test("lists the cloud library, searches it and loads a cloud track onto a deck that then plays", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(baseUrl);
  const library = page.getByRole("table", { name: "Cloud tracks" });
  await expect(library.getByRole("row")).toHaveCount(4);
  await expect(page.getByText("3 of 3 cloud tracks")).toBeVisible();

  const search = page.getByRole("search", { name: "Search the cloud library" });
  await search.getByLabel("Title, artist or album").fill("night drive");
  await search.getByLabel("BPM from").fill("120");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(library.getByRole("row")).toHaveCount(2);
  await expect(library.getByRole("cell", { name: "Night Drive", exact: true })).toBeVisible();

  await page.getByRole("button", { name: "Load Night Drive to deck 3" }).click();
  const deck = page.locator('.deck[data-deck="2"]');
  await expect(deck).toHaveAttribute("data-cloud", "loaded");
  await expect(page.getByRole("log")).toContainText("Deck 3: loaded Night Drive.wav from the cloud");
  await expect(deck.locator("[data-role=track]")).toHaveText("DJ Test – Night Drive");
  await expect(deck.locator("[data-role=track]")).not.toHaveText("No track loaded");
  await expect(deck).toHaveAttribute("data-loading", "false");
  await page.getByRole("button", { name: "Play deck 3" }).click();
  await expect.poll(async () => Number(await deck.getAttribute("data-position"))).toBeGreaterThan(0.3);

  await search.getByRole("button", { name: "All tracks" }).click();
  await expect(library.getByRole("row")).toHaveCount(4);
  await page.getByRole("button", { name: "Load Night Drive to deck 1" }).click();
  await expect(page.getByRole("log")).toContainText("Deck 1: loaded Night Drive.wav from the cloud (cached)");
  expect(problems).toEqual([]);
});

test("says when a search finds nothing", async ({ page }) => {
  await page.goto(baseUrl);
  const search = page.getByRole("search", { name: "Search the cloud library" });
  await expect(page.getByText("3 of 3 cloud tracks")).toBeVisible();
  await search.getByLabel("Genre").fill("Polka");
  await search.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No cloud tracks found")).toBeVisible();
  await expect(page.getByRole("table", { name: "Cloud tracks" }).getByRole("row")).toHaveCount(1);
});
