/**
 * @module
 * A DJ's leaderboard choices: "Show on Leaderboard" (off until they opt in) and the badges they hide.
 */
import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { hiddenBadges, leaderboardSettings } from "../../db/schema/leaderboard.ts";
import "./user_data.ts";

export interface LeaderboardChoices {
  showOnLeaderboard: boolean;
  hiddenBadgeIds: Set<string>;
}

export async function readChoices(db: Db, userId: string): Promise<LeaderboardChoices> {
  const [[settings], hidden] = await Promise.all([
    db.select().from(leaderboardSettings).where(eq(leaderboardSettings.userId, userId)),
    db.select({ badgeId: hiddenBadges.badgeId }).from(hiddenBadges).where(eq(hiddenBadges.userId, userId)),
  ]);
  return {
    showOnLeaderboard: settings?.showOnLeaderboard ?? false,
    hiddenBadgeIds: new Set(hidden.map((h) => h.badgeId)),
  };
}

export async function setShowOnLeaderboard(db: Db, userId: string, show: boolean, now: Date): Promise<void> {
  await db.insert(leaderboardSettings).values({ userId, showOnLeaderboard: show, updatedAt: now })
    .onConflictDoUpdate({
      target: leaderboardSettings.userId,
      set: { showOnLeaderboard: show, updatedAt: now },
    });
}

/** Shows or hides one badge; the caller checks that `badgeId` names a badge. */
export async function setBadgeVisible(
  db: Db,
  userId: string,
  badgeId: string,
  visible: boolean,
): Promise<void> {
  if (visible) {
    await db.delete(hiddenBadges).where(
      and(eq(hiddenBadges.userId, userId), eq(hiddenBadges.badgeId, badgeId)),
    );
  } else {
    await db.insert(hiddenBadges).values({ userId, badgeId }).onConflictDoNothing();
  }
}
