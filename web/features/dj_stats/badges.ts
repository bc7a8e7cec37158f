/**
 * @module
 * Badges: tiers in five categories (playtime, transitions, sessions, tracks, streaks), each earned when a
 * DJ's all-time total reaches its threshold, each with the category's icon from the Badge Legend.
 */
import type { DjTotals } from "./totals.ts";

export type BadgeCategory = "playtime" | "transitions" | "sessions" | "tracks" | "streaks";

export interface CategoryInfo {
  category: BadgeCategory;
  title: string;
  /** The Badge Legend's icon: clock, arrows, star, music note, fire. */
  icon: string;
  iconName: string;
  /** The unit in the plural, and `unitOne` for exactly one. */
  unit: string;
  unitOne: string;
  /** The verb of the advice: "Play 3 more sessions". */
  verb: string;
  /** The category's measure, in `unit`. */
  measure: (totals: DjTotals) => number;
}

export const BADGE_CATEGORIES: readonly CategoryInfo[] = [
  {
    category: "playtime",
    title: "Playtime",
    icon: "🕒",
    iconName: "clock",
    unit: "hours",
    unitOne: "hour",
    verb: "Play",
    measure: (t) => Math.floor(t.playSeconds / 360) / 10,
  },
  {
    category: "transitions",
    title: "Transitions",
    icon: "⇄",
    iconName: "arrows",
    unit: "transitions",
    unitOne: "transition",
    verb: "Mix",
    measure: (t) => t.transitions,
  },
  {
    category: "sessions",
    title: "Sessions",
    icon: "★",
    iconName: "star",
    unit: "sessions",
    unitOne: "session",
    verb: "Play",
    measure: (t) => t.sessions,
  },
  {
    category: "tracks",
    title: "Tracks",
    icon: "♪",
    iconName: "music note",
    unit: "tracks",
    unitOne: "track",
    verb: "Play",
    measure: (t) => t.tracksPlayed,
  },
  {
    category: "streaks",
    title: "Streaks",
    icon: "🔥",
    iconName: "fire",
    unit: "days in a row",
    unitOne: "day in a row",
    verb: "DJ on",
    measure: (t) => t.longestStreakDays,
  },
];

export interface BadgeDefinition {
  id: string;
  category: BadgeCategory;
  name: string;
  threshold: number;
}

const TIERS: Record<BadgeCategory, [string, number][]> = {
  playtime: [["First Hour", 1], ["Warming Up", 10], ["Resident", 50], ["Marathon", 100], ["Legend", 500]],
  transitions: [["First Blend", 1], ["Smooth Mixer", 100], ["Blend Master", 500], ["Transition Titan", 2000]],
  sessions: [["Debut", 1], ["Regular", 10], ["Veteran", 50], ["Headliner", 200]],
  tracks: [["Selector", 10], ["Crate Digger", 100], ["Record Collector", 1000], ["Archivist", 5000]],
  streaks: [["On Fire", 3], ["Week Warrior", 7], ["Fortnight Flame", 14], ["Unstoppable", 30]],
};

/** Every badge, in legend order: category by category, lowest tier first. */
export const BADGES: readonly BadgeDefinition[] = BADGE_CATEGORIES.flatMap(({ category }) =>
  TIERS[category].map(([name, threshold]) => ({ id: `${category}-${threshold}`, category, name, threshold }))
);

export function categoryInfo(category: BadgeCategory): CategoryInfo {
  return BADGE_CATEGORIES.find((c) => c.category === category)!;
}

export function isBadgeId(id: string): boolean {
  return BADGES.some((badge) => badge.id === id);
}

/** The badges these all-time totals have earned. */
export function earnedBadges(totals: DjTotals): BadgeDefinition[] {
  return BADGES.filter((badge) => categoryInfo(badge.category).measure(totals) >= badge.threshold);
}

export interface BadgeProgress {
  category: CategoryInfo;
  current: number;
  earned: BadgeDefinition[];
  /** The next tier, or null when every tier of the category is earned. */
  next: { badge: BadgeDefinition; remaining: number; percent: number } | null;
  /** How to earn the next badge, in one sentence. */
  advice: string;
}

/** `1 session`, `4.5 hours`: an amount in the category's unit. */
export function formatAmount(category: CategoryInfo, value: number): string {
  const number = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return `${number} ${value === 1 ? category.unitOne : category.unit}`;
}

/**
 * Per category: what is earned, the next badge and how far away it is — the answer to "how do I earn
 * my next badge?".
 *
 * @example
 * const [playtime] = badgeProgress(totals);
 * playtime.advice; // "Play 4.5 more hours to earn Warming Up (10 hours)."
 */
export function badgeProgress(totals: DjTotals): BadgeProgress[] {
  return BADGE_CATEGORIES.map((category) => {
    const current = category.measure(totals);
    const tiers = BADGES.filter((b) => b.category === category.category);
    const earned = tiers.filter((b) => current >= b.threshold);
    const upcoming = tiers.find((b) => current < b.threshold);
    if (!upcoming) {
      return { category, current, earned, next: null, advice: `Every ${category.title} badge is yours.` };
    }
    const remaining = Math.round((upcoming.threshold - current) * 10) / 10;
    const percent = Math.floor((current / upcoming.threshold) * 100);
    const [number, ...unit] = formatAmount(category, remaining).split(" ");
    return {
      category,
      current,
      earned,
      next: { badge: upcoming, remaining, percent },
      advice: `${category.verb} ${number} more ${unit.join(" ")} to earn ${upcoming.name} (${
        formatAmount(category, upcoming.threshold)
      }).`,
    };
  });
}
