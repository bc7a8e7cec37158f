// Telemetry end to end: the compiled `mixera-controller`, linked to a DJ's account, plays two tagged
// tracks through its engine API (TCP, ALSA null output) and crossfades from one to the other with the
// mixer daemon's crossfader, bass swap included. Within two telemetry periods (shortened for the
// test, with the detailed-sampling opt-in) the DJ Stats page shows the session, both plays and the
// transition with its tempo change and Camelot relation, and the session's setlist lists both tracks.
import { expect, type Page, test } from "@playwright/test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";
import { withId3Chunk } from "../../shared/audio/testing/id3_chunk.ts";
import {
  buildController,
  controllerCommand,
  type ControllerProcess,
  endpointPort,
  engineClient,
  mixerConsole,
} from "./controller_binary.ts";
import { previewDj, signedInAdmin } from "./telemetry_controller.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}telemetry-${name}.png`, fullPage: true });
const TELEMETRY_PERIOD_MS = 2000;

let dir = "";
let binary = "";
const running: ControllerProcess[] = [];

test.beforeAll(() => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), "mixera-telemetry-e2e-"));
  binary = join(dir, "mixera-controller");
  buildController(binary);
});

test.afterAll(() => {
  for (const controller of running) controller.child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

const controller = (args: string[], env: Record<string, string> = {}) => {
  const started = controllerCommand(binary, dir, args, env);
  running.push(started);
  return started;
};

/** A 20 s stereo WAV tagged as a DJ library would tag it. */
function writeTrack(name: string, frequency: number, tags: Record<string, string>): string {
  const samples = new Int16Array(44100 * 20).map((_, i) =>
    Math.round(Math.sin((i * frequency) / 7019) * 8000)
  );
  const path = join(dir, `${name}.wav`);
  writeFileSync(
    path,
    withId3Chunk(encodeWav({ sampleRate: 44100, channels: [samples, samples], bits: 16 }), tags),
  );
  return path;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test("a linked controller's set shows on DJ Stats: session, both plays, the transition", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const run = Date.now();
  const serial = `MXR-20250122-${String((run + 517) % 1_000_000).padStart(6, "0")}`;

  // A DJ in the Preview Program registers a device.
  const admin = await signedInAdmin(browser, "telemetry-admin@e2e.example");
  const dj = await previewDj(browser, admin, `telemetry-dj-${run}@e2e.example`, "DJ Telemetry");
  await dj.goto("/dj-stats");
  await expect(dj.getByTestId("demo-banner")).toBeVisible();

  await dj.goto("/devices");
  await dj.getByLabel("Serial number").fill(serial);
  await dj.getByLabel("Model").selectOption("MXR-DJCTRL-v2");
  await dj.getByLabel("Purchase date").fill("2025-02-01");
  await dj.getByRole("button", { name: "Register device" }).click();
  await expect(dj.getByText("Your device was registered.")).toBeVisible();

  // The compiled controller is provisioned and linked through the device grant.
  expect(await controller(["provision", "--serial", serial]).exited).toBe(0);
  const link = controller(["link", "--portal", baseURL!]);
  await expect.poll(() => link.lines.join("\n")).toMatch(/enter the code: [A-Z]{4}-[A-Z]{4}/);
  const userCode = /enter the code: ([A-Z]{4}-[A-Z]{4})/.exec(link.lines.join("\n"))![1];
  await dj.goto(`/activate?user_code=${userCode}`);
  await dj.getByRole("button", { name: "Continue" }).click();
  await dj.getByRole("button", { name: "Allow" }).click();
  expect(await link.exited, link.lines.join("\n")).toBe(0);

  // It runs with a short telemetry period (the detailed-sampling opt-in allows it) and a short idle gap.
  const outgoing = writeTrack("night-drive", 440, {
    TIT2: "Night Drive",
    TPE1: "Test Artist",
    TCON: "House",
    TBPM: "124",
    TKEY: "Am",
  });
  const incoming = writeTrack("sunrise", 330, {
    TIT2: "Sunrise",
    TPE1: "Other Artist",
    TCON: "Tech House",
    TBPM: "126",
    TKEY: "Em",
  });
  const mixera = controller(["run"], {
    MIXERA_ALSA_DEVICE: "null",
    MIXERA_API_PORT: "0",
    MIXERA_API_WS_PORT: "0",
    MIXERA_DAEMON_CONSOLE_PORT: "0",
    MIXERA_DAEMON_HELPER_PORT: "0",
    MIXERA_DAEMON_WS_PORT: "0",
    MIXERA_OCP_PORT: "0",
    MIXERA_LOG_LEVEL: "warn",
    MIXERA_TELEMETRY_INTERVAL_MS: String(TELEMETRY_PERIOD_MS),
    MIXERA_TELEMETRY_DETAILED: "true",
    MIXERA_TELEMETRY_IDLE_GAP_MS: "2000",
  });
  await expect.poll(() => endpointPort(mixera.lines, "engine api"), { timeout: 30_000 }).not.toBeNull();
  expect(mixera.lines.join("\n")).toContain("telemetry: sending to the portal");
  const { socket, events } = await engineClient(endpointPort(mixera.lines, "engine api")!);
  const mixer = await mixerConsole(endpointPort(mixera.lines, "mixer daemon")!);

  socket.write(`load_track 0 "${outgoing}"\n`);
  socket.write(`load_track 1 "${incoming}"\n`);
  await expect.poll(() => events.filter((e) => e.event === "track_loaded").length, { timeout: 20_000 }).toBe(
    2,
  );
  mixer.set("/devices/0/inputs/0/CrossfaderAssign", "A");
  mixer.set("/devices/0/inputs/1/CrossfaderAssign", "B");
  mixer.set("/devices/0/Crossfader", -1);
  await pause(300);

  // Deck 0 on air; deck 1 starts cued on the other side; the crossfader blends over, bass swapped.
  socket.write("play 0\n");
  await pause(3000);
  socket.write("play 1\n");
  await pause(300);
  mixer.set("/devices/0/Crossfader", 0);
  await pause(800);
  mixer.set("/devices/0/inputs/0/EqLow", -26);
  mixer.set("/devices/0/inputs/1/EqLow", -26);
  await pause(1000);
  mixer.set("/devices/0/inputs/1/EqLow", 0);
  await pause(800);
  mixer.set("/devices/0/Crossfader", 1);
  await pause(1500);
  socket.write("stop 0\n");
  await pause(2500);
  socket.write("stop 1\n");
  expect(events.filter((e) => e.event === "error"), JSON.stringify(events)).toEqual([]);
  const stoppedAt = Date.now();

  // Within two telemetry periods after the session ended (idle gap) the portal has it all.
  await expect.poll(async () => {
    await dj.goto("/dj-stats");
    return await dj.getByTestId("total-tracks").textContent();
  }, { timeout: 2000 + 2 * TELEMETRY_PERIOD_MS + 4000, intervals: [500] }).toBe("2");
  expect(Date.now() - stoppedAt).toBeLessThan(2000 + 2 * TELEMETRY_PERIOD_MS + 4000);
  await expect(dj.getByTestId("demo-banner")).toHaveCount(0);
  await expect(dj.getByTestId("total-sessions")).toHaveText("1");
  const transitions = dj.getByTestId("best-transitions");
  await expect(transitions).toContainText("Test Artist – Night Drive (8A)");
  await expect(transitions).toContainText("Other Artist – Sunrise (9A)");
  await expect(transitions).toContainText("1.6 %");
  await expect(transitions).toContainText("Adjacent key");
  await shot(dj, "dj-stats");

  await dj.getByRole("link", { name: "Setlist" }).first().click();
  const rows = dj.getByTestId("setlist-row");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Night Drive");
  await expect(rows.nth(1)).toContainText("Sunrise");
  await shot(dj, "setlist");

  socket.destroy();
  mixer.close();
});
