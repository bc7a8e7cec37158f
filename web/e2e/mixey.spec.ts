// MIXEY end to end: a DJ whose controller sent a real set (through the device grant, the OCP handshake
// and POST /v1/telemetry) asks five account questions — devices, DJ statistics, badges, account and
// cloud storage — and every answer cites the right facts, each linking to the page it came from.
import { fileURLToPath } from "node:url";
import { expect, type Locator, test } from "@playwright/test";
import { signUpVerified } from "./accounts.ts";
import { sendDjSets } from "./dj_sets.ts";
import { SATURDAY_DEEP_HOUSE } from "../features/connect/testing/dj_set_events.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

/** The cited fact `label` of an answer: its value and the page its link leads to. */
async function fact(answer: Locator, label: string) {
  const item = answer.getByTestId("mixey-facts").locator("li").filter({
    has: answer.page().getByRole("link", { name: label, exact: true }),
  });
  await expect(item).toHaveCount(1);
  return {
    value: (await item.locator("span").innerText()).trim(),
    href: await item.getByRole("link").getAttribute("href"),
  };
}

test("MIXEY answers five account questions with correct cited facts", async ({ page, browser, baseURL }) => {
  test.setTimeout(90_000);
  await signUpVerified(page, browser, { email: "mixey-dj@e2e.example", name: "DJ Mixey Test" });
  const serial = await sendDjSets(page, baseURL!, [SATURDAY_DEEP_HOUSE]);

  await page.goto("/mixey");
  await expect(page.getByTestId("mixey-greeting")).toContainText(
    "Hey there! 👋 I'm MIXEY, your personal MIXERA assistant!",
  );
  await expect(page.getByRole("heading", { name: "Quick Questions" })).toBeVisible();
  const latest = () => page.getByTestId("mixey-answer").last();

  // 1. Devices, from a Quick Question: the linked controller with its warranty and reported firmware.
  await page.getByRole("button", { name: "Which devices do I have, and are they under warranty?" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(1);
  await expect(latest()).toContainText(`(${serial}): in warranty until`);
  const firmware = await fact(latest(), "MIXERA CTRL one: firmware");
  expect(firmware.value).toBe("1.3.0");
  expect(firmware.href).toMatch(/^\/devices\/[A-Za-z0-9_-]+$/);
  await expect((await fact(latest(), "MIXERA CTRL one: serial")).value).toBe(serial);

  // 2. DJ statistics, asked in German: the numbers of the set the controller sent.
  await page.getByLabel("Your question").fill("Erkläre meine DJ-Statistiken");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(2);
  expect(await fact(latest(), "Sessions")).toEqual({ value: "1", href: "/dj-stats" });
  expect((await fact(latest(), "Tracks played")).value).toBe("12");
  expect((await fact(latest(), "Transitions")).value).toBe("11");
  expect((await fact(latest(), "Harmonic transitions")).value).toBe("100 %");
  expect((await fact(latest(), "Top genres")).value).toBe("Deep House (100 %)");

  // 3. Badges and how to earn the next one.
  await page.getByLabel("Your question").fill("Which badges do I have and how do I earn the next one?");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(3);
  const earned = await fact(latest(), "Badges earned");
  expect(earned.href).toBe("/leaderboard");
  for (const badge of ["First Hour", "First Blend", "Debut", "Selector"]) {
    expect(earned.value).toContain(badge);
  }
  expect((await fact(latest(), "Next Sessions badge")).value).toMatch(/^Regular: 1 of 10 sessions/);

  // 4. Account details and settings.
  await page.getByLabel("Your question").fill("What are my account details and settings?");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(4);
  expect((await fact(latest(), "Email")).value).toMatch(/^mixey-dj@e2e\.example \(verified on /);
  expect(await fact(latest(), "Display name")).toEqual({ value: "DJ Mixey Test", href: "/profile" });
  expect((await fact(latest(), "MIXERA Connect profile")).value).toBe("hidden");

  // 5. Cloud library and quota.
  await page.getByLabel("Your question").fill("How much cloud storage do I have left?");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(5);
  expect(await fact(latest(), "Tracks in your library")).toEqual({ value: "0", href: "/cloud" });
  expect((await fact(latest(), "Storage used")).value).toBe("0 KB of 2 GB (0 %)");

  await page.screenshot({ path: `${screenshots}mixey.png`, fullPage: true });

  // A cited fact leads to its page; the conversation can be deleted.
  await latest().getByRole("link", { name: "Storage used" }).click();
  await expect(page).toHaveURL(/\/cloud$/);
  await page.goto("/mixey");
  await page.getByRole("button", { name: "Delete conversation" }).click();
  await expect(page.getByText("Your conversation with MIXEY was deleted.")).toBeVisible();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(0);
});

test("MIXEY works as a plain form without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await signUpVerified(page, browser, { email: "mixey-nojs@e2e.example", name: "DJ No Script" });
  await page.goto("/mixey");
  await page.getByLabel("Your question").fill("Was ist meine E-Mail-Adresse?");
  await page.getByRole("button", { name: "Ask MIXEY" }).click();
  await expect(page).toHaveURL(/\/mixey#latest$/);
  expect((await fact(page.getByTestId("mixey-answer").last(), "Email")).value).toMatch(
    /^mixey-nojs@e2e\.example \(verified on /,
  );
  await page.getByRole("button", { name: "How much cloud storage do I have left?" }).click();
  await expect(page.getByTestId("mixey-answer")).toHaveCount(2);
  await context.close();
});
