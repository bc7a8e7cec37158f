/**
 * @module
 * Test support: a Preview member whose linked controller sent whole DJ sets through the real ingest
 * (`POST /v1/telemetry`), so their DJ profile is computed from real derived telemetry.
 */
import type { TestApp } from "../../../testing/test_app.ts";
import { telemetryDevice } from "../../telemetry/testing/telemetry_device.ts";
import { djSetBatch, type DjSetStyle } from "./dj_set_events.ts";

export { SATURDAY_DEEP_HOUSE, TUESDAY_TECHNO } from "./dj_set_events.ts";

/** The member, and `sendSet` to report one more set from the same controller. */
export async function djWithSets(t: TestApp, styles: DjSetStyle[]) {
  const device = await telemetryDevice(t);
  const sendSet = async (style: DjSetStyle) => {
    const response = await device.post(djSetBatch(device.controller.serial, style, t.clock.now()));
    if (response.status !== 200) {
      throw new Error(`telemetry answered ${response.status}: ${await response.text()}`);
    }
  };
  for (const style of styles) await sendSet(style);
  return { ...device.owner, sendSet };
}
