/** @module The status JSON endpoint checks itself, so a monitor reading it knows it answers. */
import { registerStatusEndpoints } from "./registry.ts";

registerStatusEndpoints({
  id: "status.json",
  service: "status",
  name: "Status JSON",
  method: "GET",
  path: "/api/status",
  requiresAuth: false,
  liveStatuses: [],
});
