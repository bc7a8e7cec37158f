import { expect, type Page, test } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { signUpVerified } from "./accounts.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}infinity-${name}.png`, fullPage: true });

test("a DJ buys a cloud storage plan at the mock checkout and sees the quota change, also in MIXERA Cloud", async ({ page, browser }) => {
  await signUpVerified(page, browser, { email: `infinity-${Date.now()}@e2e.example`, name: "DJ Infinity" });
  await page.goto("/infinity");
  await expect(page.getByTestId("preview-mode")).toHaveText("Preview Mode - Demo Data");
  await expect(page.getByTestId("cloud-quota")).toHaveText("You store 0 bytes of 2 GB.");
  await expect(page.getByText("No active paid plans")).toBeVisible();
  await expect(page.getByTestId("no-devices")).toContainText("Register a device first");

  await shot(page, "plans");
  await page.getByRole("link", { name: "Yearly (save 20%)" }).click();
  await expect(page.getByTestId("plan-cloud_plus")).toContainText("€38.30/year");
  await page.getByRole("link", { name: "Monthly" }).click();
  await page.getByTestId("plan-cloud_plus").getByRole("link", { name: "Choose Cloud Plus" }).click();
  await expect(page.getByText("This is a mock checkout. No real transaction will take place")).toBeVisible();
  await page.getByRole("button", { name: "Confirm (no real transaction)" }).click();
  await expect(page.getByText("Choose a payment method.")).toBeVisible();
  await shot(page, "checkout-errors");
  await page.getByLabel("Credit card").check();
  await page.getByRole("button", { name: "Confirm (no real transaction)" }).click();

  await expect(page.getByText("Your plan is active.")).toBeVisible();
  await expect(page.getByTestId("cloud-quota")).toHaveText("You store 0 bytes of 25 GB.");
  await expect(page.getByTestId("infinity-subscriptions")).toContainText("Cloud Plus");
  await expect(page.getByTestId("plan-cloud_plus")).toContainText("Your plan");

  await shot(page, "subscribed");
  await page.goto("/cloud");
  await expect(page.getByRole("heading", { name: "25 GB Storage" })).toBeVisible();
  await page.goto("/infinity");
  await page.getByRole("button", { name: "Cancel Cloud Plus" }).click();
  await expect(page.getByText("Your subscription was cancelled.")).toBeVisible();
  await expect(page.getByTestId("cloud-quota")).toHaveText("You store 0 bytes of 2 GB.");
  await expect(page.getByText("No active paid plans")).toBeVisible();
  await page.goto("/cloud");
  await expect(page.getByRole("heading", { name: "2 GB Storage" })).toBeVisible();
});
