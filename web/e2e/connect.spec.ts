// MIXERA Connect end to end: two DJs whose controllers sent real telemetry (through the device grant,
// the OCP handshake and POST /v1/telemetry) opt in, see each other as matches with the reasons, chat in
// real time in two browser contexts (the open thread refreshes itself), and one blocks the other.
import { fileURLToPath } from "node:url";
import { expect, test } from "@playwright/test";
import { signUpVerified } from "./accounts.ts";
import { sendDjSets } from "./dj_sets.ts";
import { SATURDAY_DEEP_HOUSE } from "../features/connect/testing/dj_set_events.ts";

const screenshots = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));

test("two DJs with telemetry profiles match, chat in real time, and one blocks the other", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const anaContext = await browser.newContext();
  const benContext = await browser.newContext();
  const ana = await anaContext.newPage();
  const ben = await benContext.newPage();
  await signUpVerified(ana, browser, { email: "connect-ana@e2e.example", name: "DJ Ana Deep" });
  await signUpVerified(ben, browser, { email: "connect-ben@e2e.example", name: "DJ Ben Groove" });
  await sendDjSets(ana, baseURL!, [SATURDAY_DEEP_HOUSE]);
  await sendDjSets(ben, baseURL!, [{ ...SATURDAY_DEEP_HOUSE, bpm: 125, tracks: 10 }]);

  // Before opting in: the own profile from telemetry, the demo banner and labelled demo matches.
  await ana.goto("/connect");
  const profile = ana.getByTestId("connect-own-profile");
  await expect(profile).toContainText("Profile analyzed from your DJ Stats");
  await expect(profile).toContainText("Deep House 100 %");
  await expect(profile).toContainText("123–125 BPM");
  await expect(profile).toContainText("mostly Saturday nights");
  await expect(ana.getByTestId("connect-demo-banner")).toContainText("MIXERA Connect uses demo data.");
  await expect(ana.getByTestId("connect-demo-match")).toHaveCount(3);
  await expect(ana.getByText("Select a DJ to start chatting")).toBeVisible();
  await expect(ana.getByTestId("connect-welcome")).toContainText("Welcome to MIXERA Connect");

  for (const page of [ana, ben]) {
    await page.goto("/connect");
    await page.getByRole("button", { name: "Show my profile on Connect" }).click();
    await expect(page.getByText("Your DJ profile is now visible on MIXERA Connect.")).toBeVisible();
  }

  await ana.goto("/connect");
  await expect(ana.getByTestId("connect-demo-banner")).toHaveCount(0);
  const benMatch = ana.getByTestId("connect-match").filter({ hasText: "DJ Ben Groove" });
  await expect(benMatch).toContainText("both play 124–125 BPM deep house on Saturday nights");
  await benMatch.getByRole("link").click();
  await ben.goto("/connect");
  await ana.getByLabel("Message").fill("Hi Ben! <b>Back to back</b> on Saturday?");
  await ana.getByRole("button", { name: "Send" }).click();
  await expect(ana.getByTestId("connect-message").last()).toHaveText(
    /Hi Ben! <b>Back to back<\/b> on Saturday\?/,
  );

  // Ben's matches list, open since before Ana wrote, shows the unread message on its own.
  const anaMatch = ben.getByTestId("connect-match").filter({ hasText: "DJ Ana Deep" });
  await expect(anaMatch.getByTestId("connect-unread")).toHaveText("1 unread", { timeout: 10_000 });
  await expect(anaMatch).toContainText("both play 124–125 BPM deep house on Saturday nights");
  await anaMatch.getByRole("link").click();
  await expect(ben.getByTestId("connect-message").first()).toContainText("<b>Back to back</b>");

  // Real time: each side sees the other's new message without reloading.
  await ben.getByLabel("Message").fill("Yes! Let's do it.");
  await ben.getByRole("button", { name: "Send" }).click();
  await expect(ana.getByTestId("connect-thread")).toContainText("Yes! Let's do it.", { timeout: 10_000 });
  await ana.getByLabel("Message").fill("See you at 10.");
  await ana.getByRole("button", { name: "Send" }).click();
  await expect(ben.getByTestId("connect-thread")).toContainText("See you at 10.", { timeout: 10_000 });

  await ana.screenshot({ path: `${screenshots}connect-chat.png`, fullPage: true });

  // Ben blocks Ana: her next message is refused and stored nowhere; he disappears from her matches.
  await ben.getByRole("button", { name: "Block" }).click();
  await expect(ben.getByText("You blocked this DJ. Neither of you can message the other.")).toBeVisible();
  await ana.getByLabel("Message").fill("Hello?");
  await ana.getByRole("button", { name: "Send" }).click();
  await expect(ana.getByText("This DJ does not accept messages from you.")).toBeVisible();
  await expect(ben.getByTestId("connect-thread")).not.toContainText("Hello?");
  await ana.goto("/connect");
  await expect(ana.getByTestId("connect-match").filter({ hasText: "DJ Ben Groove" })).toHaveCount(0);

  await anaContext.close();
  await benContext.close();
});
