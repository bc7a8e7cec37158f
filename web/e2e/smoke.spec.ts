import { expect, test } from "@playwright/test";

test("the portal answers in Chromium", async ({ page }) => {
  await page.goto("/");
  await expect(page.locator("body")).toContainText("MIXERA");
});
