/**
 * @module The ingest endpoint OCP API Status checks: without a device session it answers 401, which proves
 * it is live (the check uses one unit of the per-address device authentication failure limit).
 */
import { registerStatusEndpoints } from "../status/mod.ts";

registerStatusEndpoints({
  id: "device.telemetry",
  service: "device",
  name: "Telemetry ingest",
  method: "POST",
  path: "/v1/telemetry",
  requiresAuth: true,
  liveStatuses: [401],
  body: "",
});
