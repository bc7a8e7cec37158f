/**
 * @module OCP API Status's door for other features: register the endpoints your feature serves, and the
 * routes and schedule the app and the server start.
 */
export { registerStatusEndpoints, type StatusEndpoint } from "./registry.ts";
export { statusRoutes } from "./routes.tsx";
export { startStatusSchedule } from "./schedule.ts";
export { runStatusChecks } from "./service.ts";
export { overallState, statusOverview } from "./service.ts";
export { statusEndpoints } from "./registry.ts";
