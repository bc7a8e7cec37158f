// Sustainability in Chromium: zero before any telemetry, then the linked controller's energy as kWh,
// CO₂, trees planted, progress to the next tree, the DJ's forest and the community's impact.
import { expect, test } from "@playwright/test";
import { setEvents } from "../features/dj_stats/testing/played_set.ts";
import { HttpController, previewDj, signedInAdmin } from "./telemetry_controller.ts";

test("Sustainability: energy from the controller becomes CO₂, trees and forest", async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  const admin = await signedInAdmin(browser, "eco-admin@e2e.example");
  const dj = await previewDj(browser, admin, `eco-dj-${Date.now()}@e2e.example`, "Eco DJ");

  await dj.goto("/sustainability");
  await expect(dj.getByRole("heading", { name: "Sustainability Dashboard" })).toBeVisible();
  await expect(dj.getByTestId("energy-used")).toHaveText("0 kWh");
  await expect(dj.getByTestId("trees-planted")).toHaveText("0 trees");
  await expect(dj.getByTestId("next-tree")).toHaveText("Use 100 more kWh to plant another tree! 🌱");
  const communityBefore = Number(await dj.getByTestId("community-trees").innerText());

  const controller = await HttpController.link(dj, baseURL!);
  const { events } = setEvents({
    start: new Date(Date.now() - 60 * 60_000),
    tracks: [{ title: "Long Set", artist: "Eco", seconds: 1800 }],
    energyWh: 230_000,
  });
  await controller.send(events);

  await dj.goto("/sustainability");
  await expect(dj.getByTestId("energy-used")).toHaveText("230 kWh");
  await expect(dj.getByTestId("trees-planted")).toHaveText("2 trees");
  await expect(dj.getByTestId("co2-absorbed")).toHaveText("≈ 44 kg CO₂ absorbed/year");
  await expect(dj.getByTestId("next-tree")).toHaveText("Use 70 more kWh to plant another tree! 🌱");
  await expect(dj.getByRole("img", { name: "2 trees" })).toHaveText("🌳🌳");
  await expect(dj.getByTestId("community-trees")).toHaveText(String(communityBefore + 2));
  await expect(dj.getByText("Each tree absorbs approximately 22 kg of CO₂ per year")).toBeVisible();
});
