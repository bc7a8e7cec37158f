import { type Browser, expect, type Page, test } from "@playwright/test";
import { AREAS } from "../ui/areas.ts";
import { previewMember } from "./controller_binary.ts";

// Every page must fit a phone: wide tables and code blocks scroll inside their own box, never the page.
const PHONE = { width: 390, height: 844 };

const PUBLIC_PAGES = [
  "/",
  "/signin",
  "/signup",
  "/reset-password",
  "/developer/docs",
  "/activate",
  "/gema-calculator",
  "/ocp-status",
  "/docs/ocp",
  "/docs/mixera-os",
];
const SIGNED_IN_PAGES = [
  ...AREAS.map((area) => area.path),
  "/developer/docs",
  "/developer/test",
  "/activate",
  "/docs/ocp",
  "/docs/mixera-os",
  "/gema-calculator/expert?topic=what_is_gema",
  "/admin/rent",
  "/admin/infinity",
  "/admin/firmware",
  "/admin/firmware/audit",
  "/admin/connect",
  "/cloud/sync",
  "/infinity?billing=yearly",
  "/infinity/checkout?plan=all_in_one&billing=yearly",
];

async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await context.close();
  return text;
}

/** How far the document is wider than the viewport, in CSS pixels (0 when it fits). */
function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** Visits each path and returns the ones wider than the viewport, with their overflow in pixels. */
async function overflowingPages(page: Page, paths: string[]): Promise<Record<string, number>> {
  const overflowing: Record<string, number> = {};
  for (const path of paths) {
    const response = await page.goto(path);
    expect(response?.status(), `${path} answers`).toBeLessThan(500);
    const overflow = await horizontalOverflow(page);
    if (overflow > 0) overflowing[path] = overflow;
  }
  return overflowing;
}

test.use({ viewport: PHONE });

test("every public page fits a 390 px wide phone", async ({ page }) => {
  expect(await overflowingPages(page, PUBLIC_PAGES)).toEqual({});
});

test("every page of a signed-in admin fits a 390 px wide phone", async ({ page, browser }) => {
  const email = "phone-admin@e2e.example";
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill("Phone Admin");
  await page.getByLabel("Password").fill("phone width horse battery");
  await page.getByRole("button", { name: "Create account" }).click();
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  expect(code).toBeTruthy();
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();

  expect(await overflowingPages(page, SIGNED_IN_PAGES)).toEqual({});
});

test("every Preview Program page of a member fits a 390 px wide phone", async ({ browser }) => {
  const member = await previewMember(browser, {
    email: "phone-member@e2e.example",
    name: "Phone Member",
    adminEmail: "phone-preview-admin@e2e.example",
  });
  await member.setViewportSize(PHONE);
  const previewPages = AREAS.filter((area) => area.preview).map((area) => area.path);
  expect(previewPages).toEqual(expect.arrayContaining(["/dj-stats", "/leaderboard", "/connect", "/mixey"]));
  expect(await overflowingPages(member, previewPages)).toEqual({});
  // The pages show the member's own area, not the Preview Program's gate.
  await member.goto("/dj-stats");
  await expect(member.getByTestId("preview-gate")).toHaveCount(0);
});
