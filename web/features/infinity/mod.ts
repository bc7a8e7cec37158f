/**
 * @module MIXERA Infinity's door for the app and for the features that enforce what a plan gives:
 * the cloud library asks `cloudQuotaBytes` and `skipsAnalysisQueue`, and plugs its stored bytes into
 * quota checks with `addStoredBytesSource`; the library and devices ask `directPushToDevicesAllowed`
 * (false while Google Drive or Dropbox is linked) and store through `externalStorageFor`.
 */
export { infinityRoutes } from "./routes.tsx";
export { infinityAdminRoutes } from "./admin_routes.tsx";
export { externalStorageRoutes } from "./external_routes.tsx";
export { directPushToDevicesAllowed, externalStorageFor } from "./external_storage/mod.ts";
export { DEFAULT_CLOUD_QUOTA_BYTES } from "./catalog.ts";
export { cloudQuotaBytes, skipsAnalysisQueue } from "./entitlements.ts";
export { addStoredBytesSource, storedBytes, type StoredBytesSource } from "./stored_bytes.ts";
