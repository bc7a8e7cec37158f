/**
 * @module
 * DJ Stats' door: the page routes, and for other rooms (Leaderboard, MIXEY) the stats model, the
 * weekly summary generator, badges with progress, and a user's totals.
 */
export { djStatsRoutes } from "./routes.tsx";
export { djStatsFor, type UserDjStats } from "./service.ts";
export { computeDjStats, type DjStats, type WeekNumbers } from "./model.ts";
export type { DailyActivity, DjHistory, PlayRecord, SessionRecord, TransitionRecord } from "./history.ts";
export { weeklySummary } from "./weekly_summary.ts";
export {
  BADGE_CATEGORIES,
  type BadgeCategory,
  type BadgeDefinition,
  type BadgeProgress,
  badgeProgress,
  BADGES,
  type CategoryInfo,
  categoryInfo,
  earnedBadges,
  formatAmount,
  isBadgeId,
} from "./badges.ts";
export { type DjTotals, longestStreak, totalsOf } from "./totals.ts";
export { toDailyActivity, totalsForUser } from "./source.ts";
export { DemoBanner } from "./views.tsx";
export { djStatsStyles } from "./styles.ts";
