/**
 * @module The firmware endpoints OCP API Status checks: without a device session each answers 401, which
 * proves it is live (the artifact download needs a signed URL, which a check cannot have, so it is left out).
 */
import { FIRMWARE_LATEST_PATH, FIRMWARE_OUTCOME_PATH } from "../../../shared/ota/mod.ts";
import { registerStatusEndpoints } from "../status/mod.ts";

registerStatusEndpoints(
  {
    id: "device.firmware_latest",
    service: "device",
    name: "Firmware update check",
    method: "GET",
    path: FIRMWARE_LATEST_PATH,
    requiresAuth: true,
    liveStatuses: [401],
  },
  {
    id: "device.firmware_outcome",
    service: "device",
    name: "Firmware update report",
    method: "POST",
    path: FIRMWARE_OUTCOME_PATH,
    requiresAuth: true,
    liveStatuses: [401],
    body: "",
  },
);
