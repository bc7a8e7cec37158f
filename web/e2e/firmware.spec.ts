import { expect, type Page, test } from "@playwright/test";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { signUpVerified } from "./accounts.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const screenshots = join(root, "test-results", "screenshots");
const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(screenshots, `firmware-${name}.png`), fullPage: true });

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

test("an admin publishes a signed firmware release, changes its rollout and finds both in the audit log", async ({ page, browser }) => {
  const email = `firmware-admin-${Date.now()}@e2e.example`;
  await signUpVerified(page, browser, { email, name: "Firmware Admin" });
  grantAdmin(email);

  await page.goto("/admin");
  await page.getByRole("link", { name: "Firmware releases" }).click();
  await expect(page.getByRole("heading", { name: "Firmware releases", level: 1 })).toBeVisible();
  await expect(page.getByTestId("trusted-keys")).toContainText("MIXERA_FIRMWARE_TRUSTED_KEYS=");

  // A beta release for one model only, so no other test's controller is offered it.
  const build = Buffer.alloc(3 * 1024 * 1024 + 17, 0);
  for (let i = 0; i < build.length; i++) build[i] = (i * 31 + (i >> 12)) & 0xff;
  const version = "0.0.1-e2e.1";
  const form = page.locator("section[aria-labelledby=publish-release]");
  await form.getByLabel("Version").fill(version);
  await form.getByLabel("Channel").selectOption("beta");
  await form.getByLabel("MXR-DJCTRL-v2").check();
  await form.getByLabel("Minimum firmware").fill("0.0.1-alpha");
  await form.getByLabel("Staged rollout (%)").fill("10");
  await form.getByLabel("Release notes").fill("Browser-test build.");
  await form.getByLabel("Controller build").setInputFiles({
    name: "mixera-controller",
    mimeType: "application/octet-stream",
    buffer: build,
  });
  await shot(page, "form");
  await form.getByRole("button", { name: "Publish release" }).click();
  await expect(page.getByText("The release was published.")).toBeVisible();
  const row = page.locator(`tr[data-version="${version}"]`);
  await expect(row).toContainText("beta");
  await expect(row.getByTestId("rollout")).toHaveText("10%");
  await shot(page, "published");

  // The same version again is refused inline, and the form keeps what was typed.
  const again = page.locator("section[aria-labelledby=publish-release]");
  await again.getByLabel("Version").fill(version);
  await again.getByLabel("Channel").selectOption("beta");
  await again.getByLabel("MXR-DJCTRL-v2").check();
  await again.getByLabel("Minimum firmware").fill("0.0.1-alpha");
  await again.getByLabel("Controller build").setInputFiles({
    name: "mixera-controller",
    mimeType: "application/octet-stream",
    buffer: build,
  });
  await again.getByRole("button", { name: "Publish release" }).click();
  await expect(page.getByText(`Version ${version} is already published.`)).toBeVisible();
  await expect(page.locator("section[aria-labelledby=publish-release]").getByLabel("Version")).toHaveValue(
    version,
  );

  await page.goto("/admin/firmware");
  await page.getByRole("link", { name: version }).click();
  await expect(page.getByTestId("sha256")).toHaveText(createHash("sha256").update(build).digest("hex"));
  await page.getByLabel("Rollout (%)").fill("50");
  await page.getByRole("button", { name: "Save rollout" }).click();
  await expect(page.getByText("The rollout was saved.")).toBeVisible();
  await expect(page.getByTestId("firmware-audit")).toContainText("rollout changed");
  await expect(page.getByTestId("firmware-audit")).toContainText("10% → 50%");

  await page.goto("/admin/firmware/audit");
  const audit = page.getByTestId("firmware-audit");
  await expect(audit).toContainText("release published");
  await expect(audit).toContainText("Firmware Admin");
  await shot(page, "audit");
});
