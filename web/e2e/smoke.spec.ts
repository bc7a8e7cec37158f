import { expect, test } from "@playwright/test";

test("the portal answers in Chromium with its sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "MIXERA home" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).first().click();
  await expect(page.getByRole("heading", { name: "Sign in to MIXERA" })).toBeVisible();
});
