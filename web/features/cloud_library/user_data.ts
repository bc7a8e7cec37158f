/** @module Whose rows the playlist, cue/loop and sync tables hold, for data export and account deletion. */
import {
  cloudPlaylists,
  cloudPlaylistTracks,
  cloudSyncSettings,
  cloudTrackMarks,
} from "../../db/schema/cloud_library.ts";
import { declareUserData, ownedByUser, ownedThroughParent } from "../danger_zone/mod.ts";

declareUserData(
  ownedByUser(cloudPlaylists.userId),
  ownedThroughParent(cloudPlaylistTracks.playlistId),
  ownedThroughParent(cloudTrackMarks.trackId),
  ownedByUser(cloudSyncSettings.userId),
);
