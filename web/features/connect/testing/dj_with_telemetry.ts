/**
 * @module
 * Test support: a Preview member whose linked controller sent whole DJ sets through the real ingest
 * (`POST /v1/telemetry`), so their DJ profile is computed from real derived telemetry.
 */
import type { TestApp } from "../../../testing/test_app.ts";
import { telemetryDevice } from "../../telemetry/testing/telemetry_device.ts";
import { djSetBatch, type DjSetStyle } from "./dj_set_events.ts";

export async function djWithSets(t: TestApp, styles: DjSetStyle[]) {
  const device = await telemetryDevice(t);
  for (const style of styles) {
    const response = await device.post(djSetBatch(device.controller.serial, style, t.clock.now()));
    if (response.status !== 200) {
      throw new Error(`telemetry answered ${response.status}: ${await response.text()}`);
    }
  }
  return device.owner;
}

/** Deep house around 124 BPM on Saturday nights, mixed harmonically. */
export const SATURDAY_DEEP_HOUSE: DjSetStyle = {
  genre: "Deep House",
  bpm: 124,
  weekday: 6,
  hour: 22,
  tracks: 12,
  relation: "adjacent",
};

/** Techno around 138 BPM on Tuesday afternoons, blends that clash. */
export const TUESDAY_TECHNO: DjSetStyle = {
  genre: "Techno",
  bpm: 138,
  weekday: 2,
  hour: 14,
  tracks: 8,
  relation: "clash",
};
