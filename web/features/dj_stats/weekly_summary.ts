/**
 * @module
 * MIXEY's weekly summary: a paragraph written from the week's numbers by rules, not by an external AI,
 * so it is instant, private and says only what the numbers say.
 */
import type { WeekNumbers } from "./model.ts";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function formatHours(hours: number): string {
  return hours === 1 ? "1 hour" : `${hours} hours`;
}

function comparison(week: WeekNumbers): string {
  if (week.previousHours === 0) return "";
  const change = Math.round(((week.hours - week.previousHours) / week.previousHours) * 100);
  if (change === 0) return " That is as much as the week before.";
  return change > 0
    ? ` That is ${change}% more than the week before.`
    : ` That is ${-change}% less than the week before.`;
}

function harmonicRemark(week: WeekNumbers): string {
  if (week.transitions === 0) return "";
  if (week.harmonicPct >= 75) {
    return ` ${week.harmonicPct}% of your transitions were harmonic: your key game is strong.`;
  }
  if (week.harmonicPct >= 40) return ` ${week.harmonicPct}% of your transitions were harmonic.`;
  return ` Only ${week.harmonicPct}% of your transitions were harmonic; try mixing into neighbouring Camelot keys.`;
}

/**
 * One paragraph about the last seven days.
 *
 * @example
 * weeklySummary({ sessions: 2, hours: 5.5, tracksPlayed: 80, transitions: 78, harmonicPct: 81,
 *   topGenre: "House", averageBpm: 124, previousHours: 4, busiestDay: "Saturday" });
 * // "This week you played 2 sessions, 5.5 hours and 80 tracks, mostly House at around 124 BPM. …"
 */
export function weeklySummary(week: WeekNumbers): string {
  if (week.sessions === 0 && week.tracksPlayed === 0) {
    return week.previousHours > 0
      ? `You took this week off after ${
        formatHours(week.previousHours)
      } the week before. Your decks are waiting!`
      : "No sessions this week yet. Play a set on your MIXERA controller and I will sum it up for you.";
  }
  const style = week.topGenre
    ? `, mostly ${week.topGenre}${week.averageBpm ? ` at around ${week.averageBpm} BPM` : ""}`
    : week.averageBpm
    ? ` at around ${week.averageBpm} BPM`
    : "";
  const opening = `This week you played ${plural(week.sessions, "session")}, ${formatHours(week.hours)} and ${
    plural(week.tracksPlayed, "track")
  }${style}.`;
  const busiest = week.busiestDay ? ` ${week.busiestDay} was your busiest day.` : "";
  const mixes = week.transitions > 0 ? ` You mixed ${plural(week.transitions, "transition")}.` : "";
  return `${opening}${comparison(week)}${busiest}${mixes}${harmonicRemark(week)}`;
}
