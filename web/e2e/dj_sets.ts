/** @module Browser-test helper: a DJ's controller (simulated over HTTP) reports whole sets in chosen styles. */
import type { Page } from "@playwright/test";
import { djSetBatch, type DjSetStyle } from "../features/connect/testing/dj_set_events.ts";
import { HttpController } from "./telemetry_controller.ts";

/** Links a simulated controller to the DJ signed in on `page` and sends one set per style; its serial. */
export async function sendDjSets(page: Page, baseURL: string, styles: DjSetStyle[]): Promise<string> {
  const controller = await HttpController.link(page, baseURL);
  for (const style of styles) await controller.send(djSetBatch(controller.serial, style, new Date()).events);
  return controller.serial;
}
