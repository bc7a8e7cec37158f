/**
 * @module The Danger Zone's door for other features: its routes, and the API every feature uses to
 * declare how the rows of its tables belong to users (see web/db/README.md).
 */
export { dangerZoneRoutes } from "./routes.tsx";
export type { UserExport } from "./export_document.ts";
export {
  accountTable,
  declareUserData,
  keyedToUser,
  type KeyForm,
  notUserData,
  ownedByUser,
  ownedThroughParent,
  type Ownership,
} from "./user_data.ts";
