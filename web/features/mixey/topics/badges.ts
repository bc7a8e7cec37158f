/**
 * @module MIXEY's badges tool: which badges the user has earned (and which they hide) and how to earn
 * the next one of each category, from the Leaderboard room's badge standing.
 */
import { badgeStanding } from "../../leaderboard/mod.ts";
import { type Fact, plural, type TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

const HREF = "/leaderboard";

export async function badgesAnswer({ db, user }: ToolContext): Promise<TopicAnswer> {
  const standing = await badgeStanding(db, user.id);
  const facts: Fact[] = [
    {
      label: "Badges earned",
      value: standing.earned.length ? standing.earned.map((b) => b.name).join(", ") : "none yet",
      href: HREF,
    },
  ];
  const hidden = standing.earned.length - standing.visible.length;
  if (hidden > 0) facts.push({ label: "Hidden from your profile", value: String(hidden), href: "/profile" });
  const upcoming = standing.progress.filter((p) => p.next)
    .sort((a, b) => b.next!.percent - a.next!.percent);
  for (const progress of upcoming) {
    facts.push({
      label: `Next ${progress.category.title} badge`,
      value: `${progress.next!.badge.name}: ${progress.current} of ${progress.next!.badge.threshold} ` +
        `${progress.category.unit} (${progress.next!.percent} %)`,
      href: HREF,
    });
  }
  const earnedText = standing.earned.length
    ? `You have earned ${plural(standing.earned.length, "badge")}: ${
      standing.earned.map((b) => b.name).join(", ")
    }.`
    : "You have not earned a badge yet.";
  const closest = upcoming[0];
  const nextText = closest
    ? ` The closest next one: ${closest.advice}` +
      (upcoming.length > 1 ? ` After that: ${upcoming[1].advice}` : "")
    : " You have earned every badge there is.";
  return { topic: "badges", text: earnedText + nextText, facts };
}
