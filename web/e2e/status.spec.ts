// OCP API Status in Chromium: every endpoint up, then the service one endpoint is reached through (a second
// portal process started here, which STATUS_TARGETS in playwright.config.ts points oauth.userinfo at) is
// stopped, and "Check now" shows exactly that endpoint down.
import { expect, test } from "@playwright/test";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const servicePort = Number(process.env.E2E_STATUS_PORT);
let service: ChildProcess | undefined;
let dir = "";

async function waitForService(): Promise<void> {
  for (let attempt = 0; attempt < 150; attempt++) {
    const answered = await fetch(`http://127.0.0.1:${servicePort}/api/oauth/userinfo`).then(
      () => true,
      () => false,
    );
    if (answered) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the second portal did not start on port ${servicePort}`);
}

test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mixera-status-"));
  service = spawn(join(root, "node_modules", ".bin", "deno"), ["run", "-A", "web/main.ts"], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: {
      ...process.env,
      PORT: String(servicePort),
      HOST: "127.0.0.1",
      MIXERA_ENV: "development",
      PUBLIC_URL: `http://127.0.0.1:${servicePort}`,
      LIBSQL_URL: `file:${join(dir, "service.db")}`,
      DATA_DIR: dir,
      STATUS_CHECK_INTERVAL_SECONDS: "0",
      STATUS_TARGETS: "",
    },
  });
  await waitForService();
});

test.afterAll(() => {
  service?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

test("shows every endpoint up, then the one whose service stopped down", async ({ page }) => {
  await page.goto("/ocp-status");
  await expect(page.getByRole("heading", { name: "OCP API Status" })).toBeVisible();
  await page.getByRole("button", { name: "Check now" }).click();
  const items = page.locator(".status-item");
  await expect(page.getByTestId("status-overall")).toHaveAttribute("data-state", "up");
  const count = await items.count();
  expect(count).toBeGreaterThanOrEqual(7);
  for (let index = 0; index < count; index++) {
    await expect(items.nth(index)).toHaveAttribute("data-state", "up");
  }
  await expect(page.getByTestId("status-oauth.userinfo")).toContainText("HTTP 401");
  await expect(page.getByTestId("status-oauth.userinfo").locator(".uptime-bar").first()).toBeVisible();

  const exited = new Promise((resolve) => service!.once("exit", resolve));
  service!.kill("SIGTERM");
  await exited;
  service = undefined;
  await page.waitForTimeout(2100); // a run within 2 s of the last one reuses its results
  await page.getByRole("button", { name: "Check now" }).click();

  await expect(page.getByTestId("status-overall")).toHaveAttribute("data-state", "down");
  await expect(page.getByTestId("status-oauth.userinfo")).toHaveAttribute("data-state", "down");
  await expect(page.getByTestId("status-oauth.userinfo")).toContainText("unreachable");
  await expect(page.locator('.status-item[data-state="down"]')).toHaveCount(1);

  const json = await (await page.request.get("/api/status")).json();
  expect(json.status).toBe("down");
  expect(json.endpoints.find((endpoint: { id: string }) => endpoint.id === "oauth.userinfo").state).toBe(
    "down",
  );
});

test("the board refreshes itself with htmx", async ({ page }) => {
  await page.goto("/ocp-status");
  await expect(page.locator("#status-board")).toHaveAttribute("hx-trigger", "every 30s");
});
