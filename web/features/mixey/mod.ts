/**
 * @module MIXEY's door for the app and other areas: its routes, and the engine (intent recognition,
 * tools over the user's own data, answer templates) for features that answer account questions.
 */
export { mixeyRoutes } from "./routes.tsx";
export { askMixey } from "./engine.ts";
export type { Answer, Fact } from "./facts.ts";
