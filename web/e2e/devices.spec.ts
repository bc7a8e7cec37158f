// The spine between portal and controller, end to end: a DJ applies to the Preview Program, an admin
// accepts, the DJ registers a device on the web, the compiled `mixera-controller` binary links itself
// through the device grant (the DJ approves on /activate), the device page shows it linked and seen,
// and a lock from the web makes the controller's engine API refuse `play` until it is unlocked.
import { type Browser, expect, type Page, test } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { encodeWav } from "../../shared/audio/testing/fixtures.ts";
import {
  buildController,
  controllerCommand as runController,
  engineApiPort,
  engineClient,
  EPHEMERAL_RUN_ENV,
} from "./controller_binary.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}devices-${name}.png`, fullPage: true });
const password = "devices correct horse";

let dir = "";
let binary = "";
const children: ChildProcess[] = [];

test.beforeAll(() => {
  test.setTimeout(180_000);
  dir = mkdtempSync(join(tmpdir(), "mixera-devices-e2e-"));
  binary = join(dir, "mixera-controller");
  buildController(binary);
});

test.afterAll(() => {
  for (const child of children) child.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

async function newPage(browser: Browser): Promise<Page> {
  return await (await browser.newContext()).newPage();
}

async function signUpVerified(page: Page, browser: Browser, email: string, name: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  const mailbox = await newPage(browser);
  await mailbox.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const code = (await mailbox.locator("article.mail-item pre").first().innerText()).match(/\b(\d{8})\b/)![1];
  await mailbox.context().close();
  await page.getByLabel("Verification code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
}

function controllerCommand(args: string[], env: Record<string, string> = {}) {
  const command = runController(binary, dir, args, env);
  children.push(command.child);
  return command;
}

test("preview → register on the web → link the compiled controller → lock refuses play → unlock plays", async ({ browser, baseURL }) => {
  test.setTimeout(180_000);
  const run = Date.now();
  const serial = `MXR-20250122-${String(run % 1_000_000).padStart(6, "0")}`;

  // A DJ applies to the Preview Program.
  const dj = await newPage(browser);
  const email = `devices-dj-${run}@e2e.example`;
  await signUpVerified(dj, browser, email, "DJ Devices");
  await dj.goto("/devices");
  await expect(dj.getByTestId("preview-gate")).toBeVisible();
  await dj.getByRole("link", { name: "Apply to the Preview Program" }).click();
  await dj.getByLabel("Why do you want to join?").fill("I play every weekend and test gear.");
  await dj.getByLabel("Which MIXERA gear do you use?").fill("MIXERA DJ Controller v2");
  await dj.getByRole("button", { name: "Apply to the Preview Program" }).click();
  await expect(dj.getByText("Application Pending")).toBeVisible();

  // An admin accepts.
  const admin = await newPage(browser);
  await signUpVerified(admin, browser, "devices-admin@e2e.example", "Devices Admin");
  await admin.goto("/admin/preview");
  await admin.getByRole("button", { name: `Accept ${email}` }).click();
  await expect(admin.getByText("The application was accepted")).toBeVisible();
  await dj.goto("/preview-program");
  await expect(dj.getByText("Welcome to the Preview Program! 🎉")).toBeVisible();
  await shot(dj, "accepted");

  // The DJ registers the device on the web.
  await dj.goto("/devices");
  await dj.getByLabel("Serial number").fill(serial);
  await dj.getByLabel("Model").selectOption("MXR-DJCTRL-v2");
  await dj.getByLabel("Purchase date").fill("2025-02-01");
  await dj.getByLabel("Nickname (optional)").fill("Club rig");
  await dj.getByRole("button", { name: "Register device" }).click();
  await expect(dj.getByText("Your device was registered.")).toBeVisible();
  await expect(dj.locator(`tr[data-serial="${serial}"]`)).toContainText("in warranty until 2027-02-01");

  // The controller is provisioned with that serial and links itself; the DJ approves on /activate.
  const provision = controllerCommand(["provision", "--serial", serial]);
  expect(await provision.exited).toBe(0);
  const link = controllerCommand(["link", "--portal", baseURL!]);
  await expect.poll(() => link.lines.join("\n")).toMatch(/enter the code: [A-Z]{4}-[A-Z]{4}/);
  const userCode = /enter the code: ([A-Z]{4}-[A-Z]{4})/.exec(link.lines.join("\n"))![1];
  expect(link.lines.join("\n")).toContain(`${baseURL}/activate`);
  await dj.goto(`/activate?user_code=${userCode}`);
  await dj.getByRole("button", { name: "Continue" }).click();
  await dj.getByRole("button", { name: "Allow" }).click();
  expect(await link.exited, link.lines.join("\n")).toBe(0);
  expect(link.lines.join("\n")).toContain(`linked ${serial}`);

  await dj.goto("/devices");
  await dj.locator(`tr[data-serial="${serial}"]`).getByRole("link").click();
  await expect(dj.getByTestId("link-state")).toContainText("Linked since");
  await expect(dj.getByTestId("last-seen")).not.toHaveText("never");
  await expect(dj.getByTestId("audit-log")).toContainText("linked");
  await shot(dj, "linked");

  // The controller runs; its engine API plays a track.
  const trackPath = join(dir, "tone.wav");
  const samples = new Int16Array(44100 * 5).map((_, i) => Math.round(Math.sin(i / 10) * 10000));
  writeFileSync(trackPath, encodeWav({ sampleRate: 44100, channels: [samples, samples], bits: 16 }));
  const controller = controllerCommand(["run"], { ...EPHEMERAL_RUN_ENV, MIXERA_CLOUD_POLL_MS: "300" });
  const port = await engineApiPort(controller);
  expect(controller.lines.join("\n")).toContain(`cloud: linked to ${baseURL} as ${serial}`);
  const { socket, events } = await engineClient(port);
  socket.write(`load_track 0 "${trackPath}"\n`);
  await expect.poll(() => events.some((e) => e.event === "waveform_chunk" || e.event === "waveform_progress"))
    .toBe(
      true,
    );

  const playAnswer = async () => {
    const before = events.length;
    socket.write("play 0\n");
    await expect.poll(() => events.slice(before).find((e) => e.data?.cmd === "play")).toBeTruthy();
    return events.slice(before).find((e) => e.data?.cmd === "play")!;
  };
  expect((await playAnswer()).event).toBe("cmd_ack");
  socket.write("pause 0\n");

  // Locked on the web: the engine refuses play with a clear error; the mixer daemon keeps serving.
  await dj.getByRole("button", { name: "Lock device" }).click();
  await expect(dj.getByTestId("lock-state")).toHaveText("Locked");
  await expect.poll(async () => {
    const answer = await playAnswer();
    return answer.event === "error" ? String(answer.data.message) : "played";
  }, { timeout: 15_000 }).toMatch(/locked by its owner/);

  // Unlocked: it plays again.
  await dj.getByRole("button", { name: "Unlock device" }).click();
  await expect(dj.getByTestId("lock-state")).toHaveText("Unlocked");
  await expect.poll(async () => (await playAnswer()).event, { timeout: 15_000 }).toBe("cmd_ack");
  await shot(dj, "unlocked");
  socket.destroy();

  const status = controllerCommand(["status"]);
  await status.exited;
  expect(status.lines.join("\n")).toMatch(/lock: unlocked/);
});
