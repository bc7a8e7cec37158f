/**
 * @module MIXERA Infinity's door for the app and for the features that enforce what a plan gives:
 * the cloud library asks `cloudQuotaBytes` and `skipsAnalysisQueue`, and plugs its stored bytes into
 * quota checks with `addStoredBytesSource`.
 */
export { infinityRoutes } from "./routes.tsx";
export { infinityAdminRoutes } from "./admin_routes.tsx";
export { DEFAULT_CLOUD_QUOTA_BYTES } from "./catalog.ts";
export { cloudQuotaBytes, skipsAnalysisQueue } from "./entitlements.ts";
export { addStoredBytesSource, storedBytes, type StoredBytesSource } from "./stored_bytes.ts";
