// The controller's browser front end, driven in Chromium against the real engine (ALSA "null" output) and
// the engine API, both started here with Bun on ephemeral ports and a temporary directory.
import { expect, test } from "@playwright/test";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";

const root = new URL("../..", import.meta.url).pathname;
let controller: ChildProcess;
let baseUrl = "";
let dir = "";
let trackPath = "";

/** 12 s of a 220 Hz tone whose loudness rises and falls, so the waveform has a visible shape. */
function writeFixture(path: string): void {
  const rate = 44100;
  const samples = new Int16Array(rate * 12);
  for (let i = 0; i < samples.length; i++) {
    const envelope = 0.2 + 0.8 * Math.abs(Math.sin((i / samples.length) * Math.PI * 3));
    samples[i] = Math.round(Math.sin((2 * Math.PI * 220 * i) / rate) * 30000 * envelope);
  }
  writeFileSync(path, encodeWav({ sampleRate: rate, channels: [samples, samples], bits: 16 }));
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-ui-"));
  trackPath = join(dir, "my track.wav");
  writeFixture(trackPath);
  controller = spawn(
    join(root, "node_modules", ".bin", "bun"),
    ["controller/api/serve_engine_api.ts", "--port", "0", "--ws-port", "0", "--device", "null"],
    { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
  );
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: controller.stdout! }).once("line", resolve);
    controller.once("exit", (code) => reject(new Error(`controller exited with ${code}`)));
  });
  const { ws } = JSON.parse(firstLine) as { tcp: number; ws: number };
  baseUrl = `http://127.0.0.1:${ws}`;
});

test.afterAll(() => {
  controller?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

test("shows four decks, loads a track, draws its waveform and plays, pauses and stops it", async ({ page }) => {
  const problems: string[] = [];
  page.on("console", (m) => m.type() === "error" && problems.push(m.text()));
  page.on("pageerror", (e) => problems.push(String(e)));
  await page.goto(baseUrl);
  await expect(page.getByRole("heading", { level: 2, name: /^Deck / })).toHaveCount(4);
  await expect(page.getByRole("status")).toContainText("Connected");

  const deck = page.locator('.deck[data-deck="1"]');
  await page.getByLabel("Track file for deck 2").fill(trackPath);
  await page.getByRole("button", { name: "Load into deck 2" }).click();
  await expect(deck.locator("[data-role=track]")).not.toHaveText("No track loaded");
  await expect(deck).toHaveAttribute("data-loading", "false");
  const totalChunks = await deck.getAttribute("data-total-chunks");
  expect(Number(totalChunks)).toBeGreaterThan(0);
  await expect(deck).toHaveAttribute("data-chunks", totalChunks!);
  const drawn = await deck.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    let lit = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 150) lit++;
    }
    return lit / (canvas.width * canvas.height);
  });
  expect(drawn).toBeGreaterThan(0.05);

  await page.getByRole("button", { name: "Play deck 2" }).click();
  await expect(deck).toHaveAttribute("data-playing", "true");
  await expect(page.getByRole("button", { name: "Play deck 2" })).toHaveAttribute("aria-pressed", "true");
  await expect.poll(async () => Number(await deck.getAttribute("data-position"))).toBeGreaterThan(0.3);
  await page.getByRole("button", { name: "Pause deck 2" }).click();
  await expect(deck).toHaveAttribute("data-playing", "false");
  const paused = Number(await deck.getAttribute("data-position"));
  expect(paused).toBeGreaterThan(0.3);
  await page.getByRole("button", { name: "Stop deck 2" }).click();
  await expect.poll(async () => Number(await deck.getAttribute("data-position"))).toBe(0);
  await expect(page.locator('.deck[data-deck="0"]')).toHaveAttribute("data-playing", "false");
  expect(problems).toEqual([]);
});

test("reports a file that cannot be loaded", async ({ page }) => {
  await page.goto(baseUrl);
  await expect(page.getByRole("status")).toContainText("Connected");
  await page.getByLabel("Track file for deck 1").fill(join(dir, "missing file.mp3"));
  await page.getByRole("button", { name: "Load into deck 1" }).click();
  await expect(page.getByRole("log")).toContainText("Deck 1:");
  await expect(page.getByRole("log")).not.toContainText("loading");
  await expect(page.getByRole("log")).toContainText("missing file.mp3");
});

test("draws the whole waveform of an MP3, whose length is only estimated while it decodes", async ({ page }) => {
  const mp3 = join(dir, "estimated length.mp3");
  const encoded = spawnSync("lame", ["--silent", "-b", "128", trackPath, mp3]);
  test.skip(encoded.error !== undefined, "lame is not installed");
  await page.goto(baseUrl);
  await expect(page.getByRole("status")).toContainText("Connected");
  const deck = page.locator('.deck[data-deck="2"]');
  await page.getByLabel("Track file for deck 3").fill(mp3);
  await page.getByRole("button", { name: "Load into deck 3" }).click();
  await expect(deck.locator("[data-role=track]")).toHaveText("estimated length.mp3");
  await expect.poll(async () => {
    const [received, total] = [
      await deck.getAttribute("data-chunks"),
      await deck.getAttribute("data-total-chunks"),
    ];
    return received === total && Number(total) > 1;
  }).toBe(true);
  // Every tenth of the canvas has waveform in it: no chunk was lost when the estimate was corrected.
  const filledTenths = await deck.locator("canvas").evaluate((canvas: HTMLCanvasElement) => {
    const { data } = canvas.getContext("2d")!.getImageData(0, 0, canvas.width, canvas.height);
    const lit = new Array(10).fill(0);
    for (let i = 0; i < data.length; i += 4) {
      const x = (i / 4) % canvas.width;
      if (data[i + 3] > 0 && data[i] + data[i + 1] + data[i + 2] > 150) {
        lit[Math.floor((x / canvas.width) * 10)]++;
      }
    }
    return lit.filter((count) => count > 0).length;
  });
  expect(filledTenths).toBe(10);
});
