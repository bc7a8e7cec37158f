/** @module Rent Technology's door for the app: the user routes and the admin's inventory routes. */
export { rentRoutes } from "./routes.tsx";
export { rentAdminRoutes } from "./admin_routes.tsx";
