import { expect, type Page, test } from "@playwright/test";
import { fileURLToPath } from "node:url";
import { dayFromToday, newestMail, signUpVerified } from "./accounts.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}rent-${name}.png`, fullPage: true });

test("an admin stocks an item, a DJ rents it at the mock checkout and gets the confirmation mail", async ({ page, browser }) => {
  const stamp = Date.now();
  const itemName = `MIXERA CTRL one #${stamp}`;
  const admin = await browser.newPage();
  await signUpVerified(admin, browser, { email: "shop-admin@e2e.example", name: "Shop Admin" });
  await admin.goto("/admin/rent");
  await admin.getByRole("button", { name: "Add item" }).click();
  await expect(admin.getByText("Enter the item's name.")).toBeVisible();
  await expect(admin.getByText("Enter a daily price in euros")).toBeVisible();
  const add = admin.locator("section[aria-labelledby=inventory-new]");
  await add.getByLabel("Name").fill(itemName);
  await add.getByLabel("Category").selectOption("Controllers");
  await add.getByLabel("Daily price (€)").fill("45.50");
  await add.getByLabel("Units owned").fill("2");
  await add.getByRole("button", { name: "Add item" }).click();
  await expect(admin.getByText("The item was added to the inventory.")).toBeVisible();

  const email = `renter-${stamp}@e2e.example`;
  await signUpVerified(page, browser, { email, name: "DJ Renter" });
  await page.goto("/rent-technology");
  await expect(page.getByText("PREVIEW", { exact: true })).toBeVisible();
  await expect(page.getByText("Your cart is empty")).toBeVisible();

  const start = dayFromToday(20);
  const end = dayFromToday(21);
  await page.getByLabel("Start date").fill(start);
  await page.getByLabel("End date").fill(dayFromToday(19));
  await page.getByLabel("Location").fill("Tresor, Berlin");
  await page.getByLabel("Event type").selectOption("Club night");
  await page.getByRole("button", { name: "Save event details" }).click();
  await expect(page.getByText("The end date is before the start date.")).toBeVisible();
  await page.getByLabel("End date").fill(end);
  await page.getByRole("button", { name: "Save event details" }).click();
  await expect(page.getByTestId("rent-summary")).toContainText("Tresor, Berlin");
  await expect(page.getByTestId("rent-summary")).toContainText("2 days");

  const row = page.getByTestId("rent-item").filter({ hasText: itemName });
  await expect(row).toContainText("2 of 2 available");
  await row.getByLabel("Units").fill("3");
  await row.getByRole("button", { name: "Add to cart" }).click();
  await expect(page.getByText("Only 2 units are free for your dates.")).toBeVisible();
  await page.getByTestId("rent-item").filter({ hasText: itemName }).getByLabel("Units").fill("1");
  await page.getByTestId("rent-item").filter({ hasText: itemName }).getByRole("button", {
    name: "Add to cart",
  })
    .click();
  await expect(page.getByTestId("rent-cart")).toContainText(itemName);
  await expect(page.getByTestId("rent-cart")).toContainText("€91.00");

  await shot(page, "cart");
  await page.getByRole("link", { name: "Checkout (Preview)" }).click();
  await expect(page.getByText("This is a mock checkout. No real transaction will take place.")).toBeVisible();
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(page.getByText("Choose a payment method.")).toBeVisible();
  await shot(page, "checkout-errors");
  await page.getByLabel("PayPal").check();
  await page.getByRole("button", { name: "Confirm booking" }).click();
  await expect(page.getByRole("heading", { name: "Booking Confirmed!" })).toBeVisible();
  await shot(page, "confirmed");
  const reference = (await page.locator("#rent-booking code").innerText()).trim();
  expect(reference).toMatch(/^RNT-[A-Z0-9]{8}$/);

  const mail = await newestMail(browser, email);
  for (
    const detail of [
      reference,
      `Dates: ${start} to ${end} (2 days)`,
      "Event: Club night at Tresor, Berlin",
      `1 × ${itemName} at €45.50/day = €91.00`,
      "Total: €91.00",
      "Payment method: PayPal",
    ]
  ) expect(mail).toContain(detail);

  await page.goto("/rent-technology");
  await expect(page.getByTestId("rent-bookings")).toContainText(reference);
  await page.getByTestId("rent-bookings").getByRole("link", { name: reference }).click();
  await page.getByRole("button", { name: "Cancel booking" }).click();
  await expect(page.getByText("Your booking was cancelled.")).toBeVisible();
  await expect(page.getByTestId("rent-bookings")).toContainText("Cancelled");
  expect(await newestMail(browser, email)).toContain("Your rental was cancelled.");
  await admin.close();
});
