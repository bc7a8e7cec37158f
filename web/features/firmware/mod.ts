/**
 * @module
 * Firmware releases' door for the app: the admin routes, the device routes (machine routes, to be
 * mounted ahead of the CSRF check) and the signing keys (for the status of the configuration).
 */
import "./user_data.ts";
import "./downloads.ts";
import "./status_endpoints.ts";
export { firmwareAdminRoutes } from "./admin_routes.tsx";
export { firmwareDeviceRoutes } from "./device_routes.ts";
export { firmwareKeys } from "./signing_keys.ts";
