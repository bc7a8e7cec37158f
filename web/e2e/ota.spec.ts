// Firmware over the air, end to end: an admin reads the portal's firmware signing key, two builds of the
// compiled controller (1.0.0 and 1.1.0) trust it, 1.0.0 is linked to a DJ's account and runs from an A/B
// install under `mixera-controller supervise`; the admin publishes 1.1.0 on the web, the running
// controller finds it, downloads and verifies it, switches, passes its trial, and the device page shows
// firmware 1.1.0 while the release page counts the installed report.
import { type Browser, expect, type Page, test } from "@playwright/test";
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { signUpVerified } from "./accounts.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}ota-${name}.png`, fullPage: true });

let dir = "";
const children: ChildProcess[] = [];

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mixera-ota-e2e-"));
});

test.afterAll(() => {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Makes `email` an admin in the portal's database with the real `deno task admin:grant` code. */
function grantAdmin(email: string): void {
  const dataDir = test.info().project.metadata.dataDir as string;
  execFileSync(join(root, "node_modules", ".bin", "deno"), ["run", "-A", "web/tasks/admin_grant.ts", email], {
    cwd: root,
    env: {
      ...process.env,
      MIXERA_ENV: "development",
      LIBSQL_URL: `file:${join(dataDir, "portal.db")}`,
      DATA_DIR: dataDir,
    },
  });
}

/** Compiles the controller with `version` baked in, trusting `trustedKeys`. */
function buildController(version: string, trustedKeys: string): string {
  const outfile = join(dir, `mixera-controller-${version}`);
  const build = spawnSync(
    join(root, "node_modules", ".bin", "bun"),
    ["scripts/build-controller.ts", "--outfile", outfile, "--version", version],
    { cwd: root, stdio: "inherit", env: { ...process.env, MIXERA_FIRMWARE_TRUSTED_KEYS: trustedKeys } },
  );
  if (build.status !== 0) throw new Error(`building controller ${version} failed`);
  return outfile;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function start(binary: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(binary, [...args, "--data-dir", join(dir, "controller")], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? "", HOME: dir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout! }).on("line", (line) => lines.push(line));
  createInterface({ input: child.stderr! }).on("line", (line) => lines.push(`stderr: ${line}`));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, lines, exited };
}

async function newPage(browser: Browser): Promise<Page> {
  return await (await browser.newContext()).newPage();
}

test("an admin publishes a release; the linked compiled controller updates itself and the device page shows it", async ({ browser, baseURL }) => {
  test.setTimeout(300_000);
  const run = Date.now();
  const serial = `MXR-20250301-${String(run % 1_000_000).padStart(6, "0")}`;

  // The admin finds the keys a controller build must trust.
  const admin = await newPage(browser);
  const adminEmail = `ota-admin-${run}@e2e.example`;
  await signUpVerified(admin, browser, { email: adminEmail, name: "OTA Admin" });
  grantAdmin(adminEmail);
  await admin.goto("/admin/firmware");
  const keysLine = await admin.getByTestId("trusted-keys").innerText();
  const trustedKeys = keysLine.trim().replace(/^MIXERA_FIRMWARE_TRUSTED_KEYS=/, "");
  expect(trustedKeys).toMatch(/^[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{43})*$/);
  const current = buildController("1.0.0", trustedKeys);
  const next = buildController("1.1.0", trustedKeys);

  // A DJ in the Preview Program registers the controller and links the 1.0.0 build.
  const dj = await newPage(browser);
  const djEmail = `ota-dj-${run}@e2e.example`;
  await signUpVerified(dj, browser, { email: djEmail, name: "DJ Updates" });
  await dj.goto("/devices");
  await dj.getByRole("link", { name: "Apply to the Preview Program" }).click();
  await dj.getByLabel("Why do you want to join?").fill("I want the newest firmware first.");
  await dj.getByLabel("Which MIXERA gear do you use?").fill("MIXERA DJ Controller v2");
  await dj.getByRole("button", { name: "Apply to the Preview Program" }).click();
  await admin.goto("/admin/preview");
  await admin.getByRole("button", { name: `Accept ${djEmail}` }).click();
  await expect(admin.getByText("The application was accepted")).toBeVisible();
  await dj.goto("/devices");
  await dj.getByLabel("Serial number").fill(serial);
  await dj.getByLabel("Model").selectOption("MXR-DJCTRL-v2");
  await dj.getByLabel("Purchase date").fill("2025-03-01");
  await dj.getByRole("button", { name: "Register device" }).click();
  await expect(dj.getByText("Your device was registered.")).toBeVisible();

  expect(await start(current, ["provision", "--serial", serial]).exited).toBe(0);
  const link = start(current, ["link", "--portal", baseURL!]);
  await expect.poll(() => link.lines.join("\n")).toMatch(/enter the code: [A-Z]{4}-[A-Z]{4}/);
  const userCode = /enter the code: ([A-Z]{4}-[A-Z]{4})/.exec(link.lines.join("\n"))![1];
  await dj.goto(`/activate?user_code=${userCode}`);
  await dj.getByRole("button", { name: "Continue" }).click();
  await dj.getByRole("button", { name: "Allow" }).click();
  expect(await link.exited, link.lines.join("\n")).toBe(0);

  // 1.0.0 goes into an A/B install and runs under the supervisor, from the good link.
  const install = join(dir, "install");
  const init = start(current, ["update", "--init", "--ota-root", install]);
  expect(await init.exited, init.lines.join("\n")).toBe(0);
  const apiPort = await freePort();
  const supervisor = start(join(install, "good", "mixera-controller"), ["supervise"], {
    MIXERA_API_PORT: String(apiPort),
    MIXERA_API_WS_PORT: "0",
    MIXERA_DAEMON_CONSOLE_PORT: "0",
    MIXERA_DAEMON_HELPER_PORT: "0",
    MIXERA_DAEMON_WS_PORT: "0",
    MIXERA_OCP_PORT: "0",
    MIXERA_ALSA_DEVICE: "null",
    MIXERA_CLOUD_POLL_MS: "1000",
    MIXERA_OTA_CHECK_MS: "1000",
    MIXERA_OTA_REPORT_MS: "500",
    MIXERA_LOG_LEVEL: "warn",
  });
  await expect.poll(() => supervisor.lines.join("\n"), { timeout: 30_000 }).toContain("updates: slot a of");

  await dj.goto("/devices");
  await dj.locator(`tr[data-serial="${serial}"]`).getByRole("link").click();
  const devicePage = dj.url();
  await expect.poll(async () => {
    await dj.goto(devicePage);
    return await dj.getByTestId("firmware-version").innerText();
  }, { timeout: 30_000 }).toBe("1.0.0");

  // The admin publishes 1.1.0 for this model on the stable channel.
  await admin.goto("/admin/firmware");
  const form = admin.locator("section[aria-labelledby=publish-release]");
  await form.getByLabel("Version").fill("1.1.0");
  await form.getByLabel("Channel").selectOption("stable");
  await form.getByLabel("MXR-DJCTRL-v2").check();
  await form.getByLabel("Minimum firmware").fill("1.0.0");
  await form.getByLabel("Staged rollout (%)").fill("100");
  await form.getByLabel("Release notes").fill("Over-the-air browser test.");
  await form.getByLabel("Controller build").setInputFiles(next);
  await form.getByRole("button", { name: "Publish release" }).click();
  await expect(admin.getByText("The release was published.")).toBeVisible({ timeout: 60_000 });
  await shot(admin, "published");

  // The controller updates itself: download, verify, switch, trial, good; HELLO announces 1.1.0.
  await expect.poll(async () => {
    await dj.goto(devicePage);
    return await dj.getByTestId("firmware-version").innerText();
  }, { timeout: 150_000, intervals: [2_000] }).toBe("1.1.0");
  await expect(dj.getByTestId("firmware-releases")).toContainText("installed");
  await shot(dj, "updated");

  await admin.goto("/admin/firmware");
  await expect.poll(async () => {
    await admin.goto("/admin/firmware");
    return await admin.locator('tr[data-version="1.1.0"]').getByTestId("devices-on-release").innerText();
  }, { timeout: 30_000 }).toBe("1");
  await admin.locator('tr[data-version="1.1.0"]').getByRole("link", { name: "1.1.0" }).click();
  await expect(admin.getByTestId("outcomes")).toContainText("installed");

  const status = start(current, ["update", "--status", "--json", "--ota-root", install]);
  expect(await status.exited).toBe(0);
  const report = JSON.parse(status.lines.find((line) => line.startsWith("{"))!);
  expect(report).toMatchObject({
    current: { slot: "b", version: "1.1.0" },
    good: { slot: "b", version: "1.1.0" },
    in_trial: false,
    trust: { highestVersion: "1.1.0" },
  });

  supervisor.child.kill("SIGTERM");
  expect(await supervisor.exited).toBe(0);
});
