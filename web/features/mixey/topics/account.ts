/**
 * @module MIXEY's account tool: the profile fields, email verification, Preview Program state and the
 * account's settings (cloud access for devices, Show on Leaderboard, MIXERA Connect visibility).
 */
import { isOptedIn } from "../../connect/mod.ts";
import { cloudAccessEnabled } from "../../devices/mod.ts";
import { readChoices } from "../../leaderboard/mod.ts";
import { findApplication } from "../../preview/mod.ts";
import { formatTime } from "../../../ui/format.ts";
import type { Fact, TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

export async function accountAnswer({ db, user }: ToolContext): Promise<TopicAnswer> {
  const [application, cloudAccess, optedIn, leaderboard] = await Promise.all([
    findApplication(db, user.id),
    cloudAccessEnabled(db, user.id),
    isOptedIn(db, user.id),
    readChoices(db, user.id),
  ]);
  const verified = user.emailVerifiedAt
    ? `verified on ${formatTime(user.emailVerifiedAt)}`
    : "not verified yet";
  const preview = user.role === "admin"
    ? "all preview features (admin)"
    : application?.status === "accepted"
    ? "member"
    : application?.status ?? "not applied";
  const connect = optedIn ? "visible to other DJs" : "hidden";
  const facts: Fact[] = [
    { label: "Display name", value: user.displayName, href: "/profile" },
    { label: "Email", value: `${user.email} (${verified})`, href: "/profile" },
    { label: "Mixera ID", value: user.mixeraId, href: "/profile" },
    { label: "Member since", value: formatTime(user.createdAt).slice(0, 10), href: "/profile" },
    { label: "Preview Program", value: preview, href: "/preview-program" },
    { label: "Cloud Access for Devices", value: cloudAccess ? "on" : "off", href: "/profile" },
    { label: "Show on Leaderboard", value: leaderboard.showOnLeaderboard ? "on" : "off", href: "/profile" },
    { label: "MIXERA Connect profile", value: connect, href: "/connect" },
  ];
  return {
    topic: "account",
    text: `Your account: ${user.displayName}, ${user.email} (${verified}), Mixera ID ${user.mixeraId}, ` +
      `member since ${formatTime(user.createdAt).slice(0, 10)}. Preview Program: ${preview}. ` +
      `Settings: Cloud Access for Devices is ${cloudAccess ? "on" : "off"}, Show on Leaderboard is ` +
      `${leaderboard.showOnLeaderboard ? "on" : "off"}, your MIXERA Connect profile is ${connect}.`,
    facts,
  };
}
