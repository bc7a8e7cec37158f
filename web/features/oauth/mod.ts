/**
 * @module The OAuth provider's door for other features: the registered apps (the Developer area
 * manages them), the scopes, the apps a user connected, and revoking what a user or an app was granted.
 */
export {
  createOAuthApp,
  deleteOwnedApp,
  findApp,
  findOwnedApp,
  listAppsForReview,
  listOwnedApps,
  redirectUrisOf,
  regenerateSecret,
  reviewApp,
  type ReviewDecision,
  updateOwnedApp,
  validateAppInput,
} from "./apps.ts";
export { type ConnectedApp, listConnectedApps } from "./consents.ts";
export { revokeAllOAuthAccessOfUser, revokeConnectedApp } from "./revocation.ts";
export { SCOPES, SUPPORTED_SCOPES } from "./scopes.ts";
export { ScopeList } from "./views.tsx";
export { validateAccessToken } from "./tokens.ts";
export { DEVICE_CODE_GRANT } from "./device.ts";
