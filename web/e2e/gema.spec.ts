// The GEMA License Calculator in Chromium: htmx recomputes the estimate as the user types, with the
// framework-contract discount and both VAT rates; bad input shows its error; MIXEY answers a topic.
import { expect, test } from "@playwright/test";

test("computes the fee with the framework discount and 7 % or 19 % VAT as the user types", async ({ page }) => {
  await page.goto("/gema-calculator");
  await expect(page.getByText("Estimate Only - Not Official")).toBeVisible();
  await page.getByLabel("Tariff", { exact: true }).selectOption("U-V");
  await page.getByLabel("Rate year").selectOption("2020");
  await page.getByLabel("Area in m²").fill("500");
  await page.getByLabel("Highest admission price (€, net)").fill("10");
  await expect(page.getByTestId("gema-net")).toHaveText("€409.50");

  await page.getByLabel("Framework-contract discount (−20 %)").check();
  await expect(page.getByTestId("gema-net")).toHaveText("€327.60");
  await expect(page.getByTestId("gema-vat")).toHaveText("€22.93");
  await expect(page.getByTestId("gema-gross")).toHaveText("€350.53");
  await expect(page.getByTestId("gema-lines")).toContainText("Framework-contract discount");

  await page.getByLabel("VAT", { exact: true }).selectOption("standard");
  await expect(page.getByTestId("gema-gross")).toHaveText("€389.84");

  await page.getByLabel("Registration with GEMA").selectOption("late");
  await expect(page.getByTestId("gema-net")).toHaveText("€819.00");
  await expect(page.locator("#gema-result")).toContainText("only to events registered on time");
});

test("shows what is wrong with bad input and no estimate", async ({ page }) => {
  await page.goto("/gema-calculator");
  await page.getByLabel("Area in m²").fill("big");
  await page.getByLabel("Highest admission price (€, net)").fill("5");
  await expect(page.getByTestId("gema-errors")).toContainText("The area in m² must be a number");
  await expect(page.getByTestId("gema-net")).toHaveCount(0);
});

test("works without JavaScript: the form posts and the page shows the estimate", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/gema-calculator");
  await page.getByLabel("Tariff", { exact: true }).selectOption("U-V");
  await page.getByLabel("Area in m²").fill("500");
  await page.getByLabel("Highest admission price (€, net)").fill("10");
  await page.getByRole("button", { name: "Calculate" }).click();
  await expect(page.getByTestId("gema-net")).toHaveText("€409.50");
  await page.getByLabel("Area in m²").fill("0");
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith("/gema-calculator") && r.request().method() === "POST"),
    page.getByRole("button", { name: "Calculate" }).click(),
  ]);
  expect(response.status()).toBe(422);
  await expect(page.locator("#field-area-error")).toHaveText("The area in m² must be at least 1");
  await context.close();
});

test("MIXEY answers a greeting topic and a typed question with sources", async ({ page }) => {
  await page.goto("/gema-calculator");
  await page.getByRole("link", { name: "• How to register" }).click();
  await expect(page.getByTestId("mixey-answer")).toContainText("at least 3 days before");
  await page.getByLabel("Your question").fill("Do I get the DEHOGA discount?");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page.getByTestId("mixey-answer")).toContainText("framework contract");
  await expect(page.getByTestId("mixey-answer").getByRole("link").first()).toBeVisible();
});
