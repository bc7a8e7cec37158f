import { type Browser, expect, type Page, test } from "@playwright/test";
import { fileURLToPath } from "node:url";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${screenshots}oauth-${name}.png`, fullPage: true });
const password = "oauth correct horse";

async function signUp(page: Page, email: string, displayName: string) {
  await page.goto("/signup");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Display name").fill(displayName);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Check your email" })).toBeVisible();
  // The emailed code signs the new account in; admin rights from ADMIN_EMAILS, like several features,
  // need the verified address it proves.
  const mailbox = await page.context().newPage();
  await mailbox.goto(`/dev/mailbox?to=${encodeURIComponent(email)}`);
  const code = (await mailbox.locator("article.mail-item pre").first().innerText()).match(/\b(\d{8})\b/)?.[1];
  await mailbox.close();
  expect(code).toBeTruthy();
  await page.getByLabel("Verification code").fill(code!);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("heading", { name: "Email verified" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

async function newPage(browser: Browser): Promise<Page> {
  return await (await browser.newContext()).newPage();
}

test("developer creates an app, admin approves, a user signs in through the test page, then revokes", async ({ browser, baseURL }) => {
  const run = Date.now();
  const callbackUrl = `${baseURL}/developer/test/callback`;

  // A developer registers an app whose redirect URI is the test page's callback.
  const developer = await newPage(browser);
  await signUp(developer, `developer-${run}@e2e.example`, "Dev Eloper");
  await developer.goto("/developer");
  await expect(developer.getByRole("heading", { name: "App Guidelines" })).toBeVisible();
  await developer.getByLabel("App name").fill("Groove Notes");
  await developer.getByLabel("Description").fill("Notes about your sets");
  await developer.getByLabel("Website URL").fill("https://groovenotes.example");
  await developer.getByLabel("Redirect URIs").fill(callbackUrl);
  await developer.getByRole("button", { name: "Create app" }).click();
  await expect(developer.getByRole("heading", { name: "App Created - Pending Review" })).toBeVisible();
  await expect(developer.getByText("Save these credentials now")).toBeVisible();
  const clientId = (await developer.getByTestId("client-id").innerText()).trim();
  const clientSecret = (await developer.getByTestId("client-secret").innerText()).trim();
  expect(clientSecret).toMatch(/^mxcs_/);
  await shot(developer, "app-created");

  // An admin approves it from the review queue.
  const admin = await newPage(browser);
  await signUp(admin, "oauth-admin@e2e.example", "Admin");
  await admin.goto("/admin/apps");
  const entry = admin.locator(`li[data-client-id="${clientId}"]`);
  await expect(entry.getByText("pending")).toBeVisible();
  await shot(admin, "review-queue");
  await entry.getByRole("button", { name: "Approve" }).click();
  await expect(admin.locator(`li[data-client-id="${clientId}"]`).getByText("approved")).toBeVisible();

  // Another user exists, signed out.
  const signup = await newPage(browser);
  const userEmail = `listener-${run}@e2e.example`;
  await signUp(signup, userEmail, "Listener");
  await signup.context().close();

  // The user runs the flow from the OAuth Test Page, signs in on the way, and consents.
  const user = await newPage(browser);
  await user.goto("/developer/test");
  await user.getByLabel("client_id").fill(clientId);
  await user.getByLabel(/client_secret/).fill(clientSecret);
  await user.getByRole("button", { name: "Build authorization URL" }).click();
  await expect(user.locator("#test-authorize-url")).toContainText("code_challenge_method=S256");
  await user.getByRole("link", { name: "Start sign-in →" }).click();
  await expect(user).toHaveURL(/\/signin\?next=/);
  await user.getByLabel("Email").fill(userEmail);
  await user.getByLabel("Password").fill(password);
  await user.getByRole("button", { name: "Sign in" }).click();
  await expect(user.getByRole("heading", { name: "Authorize Groove Notes" })).toBeVisible();
  await expect(user.getByText("Your email address")).toBeVisible();
  await shot(user, "consent");
  await user.getByRole("button", { name: "Allow" }).click();
  await expect(user).toHaveURL(/\/developer\/test\/callback\?code=/);
  await expect(user.locator("#test-callback-params")).toContainText('"state_matches": true');
  await expect(user.locator("#test-token-response")).toContainText('"token_type": "Bearer"');
  await expect(user.locator("#test-userinfo-response")).toContainText(userEmail);
  await shot(user, "test-page-result");
  const tokenResponse = JSON.parse(await user.locator("#test-token-response").innerText());
  const accessToken: string = tokenResponse.body.access_token;
  const bearer = { headers: { authorization: `Bearer ${accessToken}` } };
  expect((await user.request.get("/api/oauth/userinfo", bearer)).status()).toBe(200);

  // Connected Applications lists the app; revoking it refuses the old token at once.
  await user.goto("/connected-apps");
  const connected = user.locator(`li[data-client-id="${clientId}"]`);
  await expect(connected.getByRole("heading", { name: "Groove Notes" })).toBeVisible();
  await shot(user, "connected-apps");
  await connected.getByRole("button", { name: "Revoke access" }).click();
  await expect(user.getByText("Access revoked")).toBeVisible();
  await expect(user.locator(`li[data-client-id="${clientId}"]`)).toHaveCount(0);
  const refused = await user.request.get("/api/oauth/userinfo", bearer);
  expect(refused.status()).toBe(401);
  expect(refused.headers()["www-authenticate"]).toContain('error="invalid_token"');
});
