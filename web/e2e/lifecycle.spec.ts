import { type Browser, expect, type Page, test } from "@playwright/test";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Image } from "imagescript";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}lifecycle-${name}.png`, fullPage: true });

async function newestMail(browser: Browser, email: string): Promise<string> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const text = await page.locator("article.mail-item pre").first().innerText();
  await context.close();
  return text;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function signUp(page: Page, email: string, name: string, password: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
}

async function purplePicture(): Promise<Buffer> {
  const image = new Image(300, 200);
  image.fill((x: number) => (x < 150 ? 0xa259ffff : 0x1a1a2eff));
  return Buffer.from(await image.encode());
}

test("an account from sign-up to deletion", async ({ page, browser }) => {
  const email = `life-${Date.now()}@e2e.example`;
  const password = "first correct horse";
  const newPassword = "second correct horse";

  await signUp(page, email, "DJ Lifecycle", password);
  const code = (await newestMail(browser, email)).match(/\b(\d{8})\b/)?.[1];
  expect(code).toBeTruthy();
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Welcome, DJ Lifecycle" })).toBeVisible();

  await page.goto("/security");
  await page.getByLabel("Current password").fill(password);
  await page.getByLabel("New password").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Your password was changed.")).toBeVisible();

  const phoneContext = await browser.newContext({
    userAgent:
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Mobile Safari/537.36",
    viewport: { width: 412, height: 915 },
  });
  const phone = await phoneContext.newPage();
  await signIn(phone, email, newPassword);
  await expect(phone.getByRole("heading", { name: "Welcome, DJ Lifecycle" })).toBeVisible();
  await page.reload();
  const sessions = page.locator("section[aria-labelledby=active-sessions] tbody tr");
  await expect(sessions).toHaveCount(2);
  await shot(page, "security-two-sessions");
  await sessions.filter({ hasText: "Android" }).getByRole("button", { name: /Revoke/ }).click();
  await expect(page.getByText("Session ended.")).toBeVisible();
  await phone.goto("/profile");
  await expect(phone).toHaveURL(/\/signin\?next=%2Fprofile/);
  await phoneContext.close();

  await page.getByRole("navigation", { name: "Portal areas" }).getByRole("link", { name: "Profile" }).click();
  await expect(page.getByTestId("mixera-id")).toHaveText(/^MXR-[A-Z0-9]{8}$/);
  await expect(page.getByTestId("email-state")).toHaveText("Verified");
  await page.getByRole("textbox", { name: "Display name" }).fill("");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Enter a display name.")).toBeVisible();
  await page.getByRole("textbox", { name: "Display name" }).fill("DJ Renamed");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Your display name was saved.")).toBeVisible();

  await page.getByLabel("Upload a picture").setInputFiles({
    name: "notes.png",
    mimeType: "image/png",
    buffer: Buffer.from("this is text, not a picture"),
  });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByText("The file is not a PNG, JPEG or WebP image.")).toBeVisible();
  await page.getByLabel("Upload a picture").setInputFiles({
    name: "me.png",
    mimeType: "image/png",
    buffer: await purplePicture(),
  });
  await page.getByRole("button", { name: "Upload picture" }).click();
  await expect(page.getByText("Your profile picture was updated.")).toBeVisible();
  const avatar = page.getByRole("img", { name: "Your profile picture" });
  await expect(avatar).toBeVisible();
  expect(await avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(200);
  await shot(page, "profile");

  await page.getByRole("navigation", { name: "Portal areas" }).getByRole("link", { name: "Danger Zone" })
    .click();
  await expect(page.getByRole("heading", { name: "Export your data" })).toBeVisible();
  await shot(page, "danger-zone");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download my data" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^mixera-export-\d{4}-\d\d-\d\d\.json$/);
  const exported = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(exported.user.email).toBe(email);
  expect(exported.tables.users[0].display_name).toBe("DJ Renamed");
  expect(exported.tables.users[0].password_hash).toBe("[redacted]");
  expect(exported.tables.sessions).toHaveLength(1);
  expect(exported.files).toHaveLength(1);
  expect(exported.files[0].contentType).toBe("image/webp");

  await page.getByLabel("Your password").fill(password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("That is not your password. Your account was not deleted.")).toBeVisible();
  await page.getByLabel("Your password").fill(newPassword);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByRole("heading", { name: "Your account was deleted" })).toBeVisible();
  await shot(page, "account-deleted");

  await signIn(page, email, newPassword);
  await expect(page.getByText("The email address or the password is not right.")).toBeVisible();
});

test("an admin finds an account and disables it", async ({ browser }) => {
  const userEmail = `victim-${Date.now()}@e2e.example`;
  const userContext = await browser.newContext();
  const user = await userContext.newPage();
  await signUp(user, userEmail, "DJ Victim", "user correct horse");

  const adminContext = await browser.newContext();
  const admin = await adminContext.newPage();
  await signIn(admin, "admin@e2e.example", "admin correct horse");
  if (await admin.getByText("The email address or the password is not right.").isVisible()) {
    await signUp(admin, "admin@e2e.example", "The Admin", "admin correct horse");
    // ADMIN_EMAILS makes an admin only of a verified address.
    const code = (await newestMail(browser, "admin@e2e.example")).match(/\b(\d{8})\b/)?.[1];
    await admin.getByLabel("Verification code").fill(code!);
    await admin.getByRole("button", { name: "Verify" }).click();
    await expect(admin.getByRole("heading", { name: "Email verified" })).toBeVisible();
  }
  await admin.goto("/admin");
  // Typing searches as you go (htmx); the URL stays /admin because only the results are swapped.
  await admin.getByLabel("Search by email, name or Mixera ID").fill(userEmail);
  const row = admin.locator(`tr[data-email="${userEmail}"]`);
  await expect(admin.locator("#user-results tbody tr")).toHaveCount(1);
  await expect(row).toHaveCount(1);
  await expect(admin).toHaveURL(/\/admin$/);
  await row.getByRole("button", { name: `Disable ${userEmail}` }).click();
  await expect(row.getByText("Disabled", { exact: true })).toBeVisible();
  await expect(admin.getByText("The account was disabled and signed out everywhere.")).toBeVisible();
  await shot(admin, "admin");

  await user.goto("/profile");
  await expect(user).toHaveURL(/\/signin/);
  await signIn(user, userEmail, "user correct horse");
  await expect(user.getByText("This account is disabled.")).toBeVisible();
  await userContext.close();
  await adminContext.close();
});
