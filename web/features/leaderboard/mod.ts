/**
 * @module
 * Leaderboard's door: its routes, the Profile block with the opt-in and badge switches, and for MIXEY a
 * DJ's badge standing (earned, visible, how to earn the next).
 */
import type { Db } from "../../db/client.ts";
import { badgeStanding } from "./progress.ts";
import { LeaderboardSettingsPanel } from "./views.tsx";

export { leaderboardRoutes } from "./routes.tsx";
export { type BadgeStanding, badgeStanding } from "./progress.ts";
export { type Board, type BoardEntry, communityBoard, type Period } from "./board.ts";
export { type LeaderboardChoices, readChoices } from "./settings.ts";

/** The "Badges & Leaderboard" block for the Profile page. */
export async function leaderboardProfileBlock(db: Db, userId: string) {
  const standing = await badgeStanding(db, userId);
  return LeaderboardSettingsPanel({ choices: standing.choices, earned: standing.earned });
}
