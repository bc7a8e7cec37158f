/**
 * @module
 * The device API's door: its routes, the device guard and JSON error envelope for other device
 * endpoints, the controller client.
 */
export { deviceApiRoutes } from "./routes.ts";
export { type DeviceEnv, requireCloudAccess, requireDevice } from "./device_auth.ts";
export { CONTROLLER_CLIENT_ID, ensureControllerApp } from "./controller_app.ts";
export { deviceError } from "./errors.ts";
