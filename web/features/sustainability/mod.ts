/** @module Sustainability's door: the page's routes and the energy-to-climate arithmetic DJ Stats shows too. */
export { sustainabilityRoutes } from "./routes.tsx";
export {
  type CarbonFootprint,
  carbonFootprint,
  CLIMATE_DATA,
  type DailyEnergy,
  gridFactorAt,
  treesFor,
} from "./footprint.ts";
