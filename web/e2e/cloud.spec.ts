import { type Browser, expect, test } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { makeAudioFiles } from "../features/cloud/testing/audio_files.ts";

async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await context.close();
  return text;
}

const CHUNK = 4 * 1024 * 1024;
const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

test("upload the four formats (one resumed after a dropped connection), see them, delete one", async ({ page, browser }) => {
  const email = `cloud-${Date.now()}@e2e.example`;
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("DJ Cloud");
  await page.getByLabel("Password").fill("cloud correct horse");
  await page.getByRole("button", { name: "Create account" }).click();
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();

  // The WAV is long enough for two PATCH pieces; the second one's connection is reset once.
  const long = makeAudioFiles(32, 5).wav;
  const short = makeAudioFiles(3, 6);
  expect(long.length).toBeGreaterThan(CHUNK);
  let dropped = 0;
  await page.route("**/api/cloud/uploads/*", async (route) => {
    const request = route.request();
    if (
      request.method() === "PATCH" && request.headers()["upload-offset"] === String(CHUNK) && dropped === 0
    ) {
      dropped++;
      return await route.abort("connectionreset");
    }
    await route.continue();
  });

  await page.goto("/cloud");
  await expect(page.getByRole("heading", { name: "MIXERA Cloud" })).toBeVisible();
  await expect(page.getByTestId("storage-used")).toHaveText(/0 KB of 2 GB used|1 KB of 2 GB used/);
  await page.locator("[data-upload-input]").setInputFiles([
    { name: "Long Resumed.wav", mimeType: "audio/wav", buffer: Buffer.from(long) },
    { name: "Warm Up.aiff", mimeType: "audio/aiff", buffer: Buffer.from(short.aiff) },
    { name: "Peak Time.mp3", mimeType: "audio/mpeg", buffer: Buffer.from(short.mp3) },
    { name: "Closing.flac", mimeType: "audio/flac", buffer: Buffer.from(short.flac) },
  ]);
  const items = page.locator(".upload-item");
  await expect(items).toHaveCount(4);
  // htmx navigation while the uploads run (sorting swaps the table): the bars stay and carry on.
  await page.getByRole("link", { name: "Size" }).click();
  await expect(page).toHaveURL(/sort=size/);
  await expect(items).toHaveCount(4);
  for (const name of ["Long Resumed.wav", "Warm Up.aiff", "Peak Time.mp3", "Closing.flac"]) {
    await expect(page.locator(`.upload-item[data-filename="${name}"]`)).toHaveAttribute(
      "data-state",
      "done",
      {
        timeout: 30_000,
      },
    );
  }
  expect(dropped).toBe(1);

  const table = page.getByTestId("track-table");
  for (const title of ["Long Resumed", "Warm Up", "Peak Time", "Closing"]) {
    await expect(table.getByText(title, { exact: true })).toBeVisible();
  }
  await expect(page.getByTestId("track-count")).toHaveText(/4 tracks/);
  const usedBefore = await page.getByTestId("storage-used").innerText();
  expect(usedBefore).toMatch(/MB of 2 GB used/);
  const bytesBefore = Number(await page.getByTestId("storage-used").getAttribute("data-used-bytes"));
  expect(bytesBefore).toBe(long.length + short.aiff.length + short.mp3.length + short.flac.length);

  await page.screenshot({ path: `${screenshots}cloud-library.png`, fullPage: true });
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Delete Long Resumed" }).click();
  await expect(table.getByText("Long Resumed", { exact: true })).toHaveCount(0);
  await expect(page.getByTestId("track-count")).toHaveText(/3 tracks/);
  await expect(page.getByTestId("storage-used")).not.toHaveText(usedBefore);
  await expect(page.getByTestId("storage-used")).toHaveAttribute(
    "data-used-bytes",
    String(bytesBefore - long.length),
  );
});
