/**
 * @module
 * The cloud library's door for other features: its routes, the track table query, single tracks,
 * quota and usage (and how the storage bar writes a size), the upload cleanup job, and the record of
 * what the owner's devices fetched.
 */
export { cloudRoutes } from "./routes.tsx";
export {
  DEFAULT_LIBRARY_QUERY,
  LIBRARY_SORTS,
  libraryGenres,
  type LibraryPage,
  type LibraryQuery,
  type LibraryRow,
  listLibraryTracks,
  type TrackStatus,
  UnknownTrackError,
} from "./library.ts";
export { camelotNeighbours } from "./camelot.ts";
export { deleteTrack, findTrack } from "./tracks.ts";
export {
  devicesHolding,
  deviceSyncSummaries,
  type DeviceSyncSummary,
  recordDeviceDownload,
} from "./device_downloads.ts";
export {
  cloudQuotaFor,
  DEFAULT_CLOUD_QUOTA_BYTES,
  setCloudQuota,
  type StorageUsage,
  storageUsage,
} from "./quota.ts";
export { MAX_UPLOAD_BYTES, removeExpiredUploads, scheduleUploadCleanup } from "./uploads.ts";
export { formatSize } from "./views.tsx";
