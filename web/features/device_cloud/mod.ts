/**
 * @module
 * The device cloud API's door: the routes a linked controller browses, searches and downloads its
 * owner's cloud tracks through, and the route that serves portal-signed download URLs. Both are machine
 * routes, mounted ahead of the browser's CSRF check and session.
 */
export { deviceCloudRoutes } from "./routes.ts";
export { deviceCloudFileRoutes } from "./file_routes.ts";
