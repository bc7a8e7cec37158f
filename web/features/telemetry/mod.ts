/**
 * @module Telemetry's door: the ingest route (`POST /v1/telemetry`), the sink seam, and the read API
 * the DJ Stats, Leaderboard, Sustainability and profile pages use.
 */
export { telemetryRoutes } from "./routes.ts";
export type { IngestResult, RawBatchBody, TelemetrySender, TelemetrySink } from "./sink.ts";
export { libsqlTelemetrySink } from "./libsql_sink.ts";
export { HARMONIC_RELATIONS, utcDay } from "./derive.ts";
export {
  communityTotals,
  type DailyTotals,
  type DayRange,
  listDailyTotals,
  listPlays,
  listSessionPlays,
  listSessions,
  listTransitions,
  listUserTotals,
  telemetryLastUpdated,
  type TimeRange,
  type UserTotals,
} from "./read.ts";
export type { DjDailyStats, DjPlay, DjSession, DjTransition } from "../../db/schema/telemetry.ts";
