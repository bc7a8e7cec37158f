/** @module The library rooms' routes: assets, the track page, playlists, MIXEY AI, exports and sync. */
import { Hono } from "hono";
import type { AppEnv } from "../../context.ts";
import { libraryAssetRoutes } from "./assets.ts";
import { playlistRoutes } from "./playlist_routes.tsx";
import { trackRoutes } from "./track_routes.tsx";
import "./user_data.ts";

export const cloudLibraryRoutes = new Hono<AppEnv>();
cloudLibraryRoutes.route("/", libraryAssetRoutes);
cloudLibraryRoutes.route("/", trackRoutes);
cloudLibraryRoutes.route("/", playlistRoutes);
