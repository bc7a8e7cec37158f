/** @module The Preview Program's door for other areas: the gate, the access check and the profile blocks. */
export { requirePreview } from "./gate.tsx";
export { findApplication, hasPreviewAccess, reapplyAllowedAt } from "./service.ts";
export { AdminAccessPanel, PreviewStatePanel } from "./views.tsx";
export { previewRoutes } from "./routes.tsx";
