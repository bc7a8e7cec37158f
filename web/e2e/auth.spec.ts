import { type Browser, expect, type Page, test } from "@playwright/test";
import { fileURLToPath } from "node:url";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}${name}.png`, fullPage: true });

/** The newest mail to `email` in the dev mailbox, read the way a developer would. */
async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await shot(page, "dev-mailbox");
  await context.close();
  return text;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("sign up, verify, sign in, change password, manage sessions, reset password", async ({ page, browser }) => {
  const email = `dj-${Date.now()}@e2e.example`;
  const firstPassword = "first correct horse";
  const secondPassword = "second correct horse";
  const thirdPassword = "third correct horse";

  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("DJ Playwright");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Use at least 8 characters.")).toBeVisible();
  await shot(page, "signup-errors");
  await page.getByLabel("Password").fill(firstPassword);
  await page.getByRole("button", { name: "Create account" }).click();

  // Sign-up signs nobody in: the emailed code does, so a taken address cannot be told from a new one.
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  await expect(page.locator("strong", { hasText: email })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
  await shot(page, "verify-email");
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  expect(code).toBeTruthy();
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await expect(page.getByText("not verified yet")).toHaveCount(0);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByText("You are signed out.")).toBeVisible();
  await shot(page, "signin");

  await signIn(page, email, firstPassword);
  await expect(page.getByRole("heading", { name: "Welcome, DJ Playwright" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Portal areas" }).getByRole("link")).toHaveCount(17);
  await shot(page, "overview");

  await page.getByRole("navigation", { name: "Portal areas" }).getByRole("link", { name: "Security" })
    .click();
  await page.getByLabel("Current password").fill(firstPassword);
  await page.getByLabel("New password").fill(secondPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();

  const phoneContext = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
    viewport: { width: 390, height: 844 },
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, email, secondPassword);
  await expect(phone.getByRole("heading", { name: "Welcome, DJ Playwright" })).toBeVisible();
  await shot(phone, "overview-phone");

  await page.reload();
  const rows = page.locator("section[aria-labelledby=active-sessions] tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.filter({ hasText: "This session" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "iOS" })).toHaveCount(1);
  await shot(page, "security");
  await rows.filter({ hasText: "iOS" }).getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByText("Session ended.")).toBeVisible();
  await phone.goto("/security");
  await expect(phone).toHaveURL(/\/signin\?next=%2Fsecurity/);

  await phone.getByRole("link", { name: "Forgot your password?" }).click();
  await phone.getByLabel("Email").fill(email);
  await phone.getByRole("button", { name: "Send reset link" }).click();
  await expect(phone.getByRole("heading", { name: "Check your mail" })).toBeVisible();
  const link = (await newestMail(browser, email)).match(/https?:\/\/\S+\/reset-password\/[a-z2-7]+/)?.[0];
  expect(link).toBeTruthy();
  await phone.goto(new URL(link!).pathname);
  await phone.getByLabel("New password").fill(thirdPassword);
  await shot(phone, "reset-password");
  await phone.getByRole("button", { name: "Set new password" }).click();
  await expect(phone.getByText("Your password was changed. Sign in with the new one.")).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/signin/, { timeout: 10_000 });
  await signIn(phone, email, thirdPassword);
  await expect(phone.getByRole("heading", { name: "Welcome, DJ Playwright" })).toBeVisible();
  await phoneContext.close();
});

test("unknown pages get a 404 page", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await shot(page, "not-found");
});
