/** @module My Devices' door for other areas: routes, the cloud-access setting and its Profile block. */
export { deviceRegistrationApiRoutes, devicesRoutes } from "./routes.tsx";
export { cloudAccessEnabled, listDevices, registerDevice } from "./service.ts";
export { auditInsert } from "./audit.ts";
export { CloudAccessPanel } from "./views.tsx";
export { findModel, MODELS, warranty } from "./catalogue.ts";
export { type FirmwareDownloads, provideFirmwareDownloads } from "./firmware_downloads.ts";
