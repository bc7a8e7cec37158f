/** @module Browser-test helpers: read the dev mailbox and create a verified account through the real pages. */
import { type Browser, expect, type Page } from "@playwright/test";

/** The newest mail to `email`, read at /dev/mailbox in a separate browser context. */
export async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await context.close();
  return text;
}

/** Signs up on `page` and enters the mailed verification code; the page ends signed in. */
export async function signUpVerified(
  page: Page,
  browser: Browser,
  { email, name, password = "correct horse battery staple" }: {
    email: string;
    name: string;
    password?: string;
  },
): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  expect(code).toBeTruthy();
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
}

/** A calendar day `days` from today (UTC), as a date input takes it. */
export function dayFromToday(days: number): string {
  return new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
