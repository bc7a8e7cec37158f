/** @module A DJ's badges as others may see them and their progress to the next ones (for Profile and MIXEY). */
import type { Db } from "../../db/client.ts";
import {
  type BadgeDefinition,
  type BadgeProgress,
  badgeProgress,
  earnedBadges,
  totalsForUser,
} from "../dj_stats/mod.ts";
import { type LeaderboardChoices, readChoices } from "./settings.ts";

export interface BadgeStanding {
  earned: BadgeDefinition[];
  /** Earned and not hidden by the DJ: what their profile and the leaderboard show. */
  visible: BadgeDefinition[];
  progress: BadgeProgress[];
  choices: LeaderboardChoices;
}

/**
 * Everything about a DJ's badges, from their all-time telemetry; `progress[n].advice` says how to earn
 * the next badge of each category.
 *
 * @example
 * const { progress } = await badgeStanding(db, user.id);
 * progress.map((p) => p.advice); // ["Play 4.5 more hours to earn Warming Up (10 hours).", …]
 */
export async function badgeStanding(db: Db, userId: string): Promise<BadgeStanding> {
  const [totals, choices] = await Promise.all([totalsForUser(db, userId), readChoices(db, userId)]);
  const earned = earnedBadges(totals);
  return {
    earned,
    visible: earned.filter((b) => !choices.hiddenBadgeIds.has(b.id)),
    progress: badgeProgress(totals),
    choices,
  };
}
