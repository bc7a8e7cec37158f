import { type Browser, expect, test } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { makeAudioFiles } from "../features/cloud/testing/audio_files.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await context.close();
  return text;
}

test("track page plays over range requests and keeps cues; a playlist of it exports as rekordbox XML", async ({ page, browser }) => {
  const policyErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      policyErrors.push(message.text());
    }
  });
  const email = `library-${Date.now()}@e2e.example`;
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("DJ Library");
  await page.getByLabel("Password").fill("library correct horse");
  await page.getByRole("button", { name: "Create account" }).click();
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();

  await page.goto("/cloud");
  await page.locator("[data-upload-input]").setInputFiles([
    { name: "Sunrise.wav", mimeType: "audio/wav", buffer: Buffer.from(makeAudioFiles(8, 3).wav) },
  ]);
  const table = page.getByTestId("track-table");
  await expect(table.getByText("ready")).toBeVisible({ timeout: 45_000 });
  await table.getByRole("link", { name: "Sunrise", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Sunrise" })).toBeVisible();

  // wavesurfer.js draws the analysis peaks inside the page's CSP (its styles carry the nonce).
  await expect(page.locator("[data-waveform]")).toHaveAttribute("data-ready", "true", { timeout: 15_000 });
  const rangeRequests: string[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/audio")) rangeRequests.push(request.headers()["range"] ?? "");
  });
  await page.getByRole("button", { name: "Play" }).click();
  await expect(page.locator("[data-position]")).not.toHaveText("0:00.0", { timeout: 10_000 });
  await page.getByRole("button", { name: "Pause" }).click();
  expect(rangeRequests.some((range) => range.startsWith("bytes="))).toBe(true);

  await page.locator('[data-use-position="cue-time"]').click();
  expect(Number(await page.locator("#cue-time").inputValue())).toBeGreaterThan(0);
  await page.getByLabel("Cue name").fill("Drop");
  await page.getByRole("button", { name: "Add cue" }).click();
  await expect(page.getByTestId("cue-list")).toContainText("Hot cue A");
  await expect(page.getByTestId("cue-list")).toContainText("Drop");
  expect(policyErrors).toEqual([]);
  await page.screenshot({ path: `${screenshots}cloud-track-page.png`, fullPage: true });

  await page.goto("/cloud/playlists");
  await page.getByLabel("Playlist name").fill("Morning");
  await page.getByRole("button", { name: "Create" }).click();
  await expect(page.getByRole("heading", { name: "Morning" })).toBeVisible();
  await page.getByRole("button", { name: "Add Sunrise" }).click();
  await expect(page.getByTestId("playlist-tracks")).toContainText("Sunrise");
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("link", { name: "rekordbox XML", exact: true }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toBe("Morning.xml");
  const xml = await (await page.request.get(new URL(download.url()).pathname)).text();
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.querySelector("parsererror")) return null;
    const track = doc.querySelector("COLLECTION > TRACK")!;
    return {
      name: track.getAttribute("Name"),
      bpm: track.getAttribute("AverageBpm"),
      tempo: doc.querySelectorAll("COLLECTION > TRACK > TEMPO").length,
      cue: doc.querySelector("POSITION_MARK")?.getAttribute("Name"),
      playlist: doc.querySelector('NODE[Type="1"]')?.getAttribute("Name"),
    };
  }, xml);
  expect(parsed).not.toBeNull();
  expect(parsed!.name).toBe("Sunrise");
  expect(parsed!.cue).toBe("Drop");
  expect(parsed!.playlist).toBe("Morning");

  await page.goto("/cloud/playlists");
  await page.getByLabel("Describe the vibe").fill("20 minute warm-up, rising");
  await page.getByRole("button", { name: "Plan my set" }).click();
  await expect(page.getByTestId("mixey-plan")).toContainText("Sunrise");
  await expect(page.getByTestId("mixey-unmet")).toContainText("shorter than asked");
  await page.screenshot({ path: `${screenshots}cloud-mixey.png`, fullPage: true });

  await page.goto("/cloud/sync");
  await expect(page.getByTestId("no-devices")).toHaveText("No devices connected");

  await page.goto("/cloud");
  await page.getByTestId("track-table").getByRole("link", { name: "Sunrise", exact: true }).click();
  await page.getByText("Delete this track…").click();
  await page.getByRole("button", { name: "Delete “Sunrise”" }).click();
  await expect(page).toHaveURL(/\/cloud$/);
  await expect(page.getByTestId("track-count")).toHaveText(/0 tracks/);
});
