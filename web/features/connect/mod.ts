/**
 * @module MIXERA Connect's door for the app and other areas: its routes, whether a DJ opted in, and
 * the DJ profile computed from their telemetry.
 */
export { connectRoutes } from "./routes.tsx";
export { isOptedIn } from "./opt_in.ts";
export { loadDjProfile } from "./profiles.ts";
export { computeDjProfile, describeMostActive, type DjProfile } from "./profile.ts";
