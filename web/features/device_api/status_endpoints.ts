/**
 * @module The device API endpoints OCP API Status checks. Without a device JWT, session or owner token each
 * answers 401, which proves it is live. A check of `/api/device/link` uses one unit of the per-address link
 * limit of the checking server's own address.
 */
import { registerStatusEndpoints } from "../status/mod.ts";

const deviceEndpoint = (id: string, name: string, method: "GET" | "POST", path: string) => ({
  id: `device.${id}`,
  service: "device",
  name,
  method,
  path,
  requiresAuth: true,
  liveStatuses: [401],
  ...(method === "POST" ? { body: "" } : {}),
});

registerStatusEndpoints(
  deviceEndpoint("link", "Device link", "POST", "/api/device/link"),
  deviceEndpoint("hello", "Device hello (handshake)", "POST", "/api/device/hello"),
  deviceEndpoint("status", "Device status", "GET", "/api/device/status"),
  deviceEndpoint("key", "Device key rotation", "POST", "/api/device/key"),
  deviceEndpoint("commands_confirm", "Device command confirmation", "POST", "/api/device/commands/confirm"),
);
