/**
 * @module
 * Test support: a Preview member whose linked controller sent whole DJ sets through the real ingest
 * (`POST /v1/telemetry`), so their DJ profile is computed from real derived telemetry.
 */
import type { TestApp } from "../../../testing/test_app.ts";
import { telemetryDevice } from "../../telemetry/testing/telemetry_device.ts";
import { djSetBatch, type DjSetStyle } from "./dj_set_events.ts";

export { SATURDAY_DEEP_HOUSE, TUESDAY_TECHNO } from "./dj_set_events.ts";

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
