/**
 * @module The device cloud API endpoints OCP API Status checks. Without an OCP session each answers 401,
 * which proves it is live (a made-up track id is never looked up: the session is checked first).
 */
import { registerStatusEndpoints } from "../status/mod.ts";

const cloudEndpoint = (id: string, name: string, path: string) => ({
  id: `device.cloud_${id}`,
  service: "device",
  name,
  method: "GET" as const,
  path,
  requiresAuth: true,
  liveStatuses: [401],
});

registerStatusEndpoints(
  cloudEndpoint("tracks", "Device cloud track list", "/api/device/cloud/tracks"),
  cloudEndpoint("search", "Device cloud track search", "/api/device/cloud/tracks/search"),
  cloudEndpoint("metadata", "Device cloud track metadata", "/api/device/cloud/tracks/status-check/metadata"),
  cloudEndpoint("download", "Device cloud track download", "/api/device/cloud/tracks/status-check/download"),
);
