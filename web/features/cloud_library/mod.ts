/**
 * @module
 * The cloud library's rooms beyond the track table: track page (waveform, playback, tags, cues and
 * loops), playlists, MIXEY AI playlists, rekordbox XML / m3u8 export, Sync Settings and Linked Devices.
 */
export { cloudLibraryRoutes } from "./routes.ts";
export { type LinkedDevice, linkedDevices } from "./linked_devices.ts";
export { syncedTracksFilter, syncMode, tracksToSync } from "./sync_settings.ts";
export { marksFrom, type TrackDetails, trackDetails, tracksDetails } from "./track_details.ts";
export { playlistTrackIds } from "./playlists.ts";
