/**
 * @module MIXEY's DJ statistics tool: the numbers of the user's DJ Stats page (the same stats model,
 * from real telemetry), each explained in a sentence, and the page's weekly summary. While the user has
 * no telemetry DJ Stats shows demo data; MIXEY never passes that off as theirs.
 */
import { djStatsFor, weeklySummary } from "../../dj_stats/mod.ts";
import { formatTime } from "../../../ui/format.ts";
import { type Fact, plural, type TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

const HREF = "/dj-stats";

export async function statsAnswer({ db, user, now }: ToolContext): Promise<TopicAnswer> {
  const { stats, demo } = await djStatsFor(db, user.id, now);
  if (demo) {
    return {
      topic: "stats",
      text:
        "I don't know your DJ statistics yet: no telemetry from a linked MIXERA controller has arrived, " +
        "so DJ Stats shows demo data. Once your controller sends its first set, I can explain your numbers.",
      facts: [{ label: "Telemetry received", value: "none yet", href: HREF }],
    };
  }
  const { totals, transitions } = stats;
  const hours = Math.round(totals.playSeconds / 360) / 10;
  const facts: Fact[] = [
    { label: "Sessions", value: String(totals.sessions), href: HREF },
    { label: "Hours played", value: String(hours), href: HREF },
    { label: "Tracks played", value: String(totals.tracksPlayed), href: HREF },
    { label: "Transitions", value: String(totals.transitions), href: HREF },
  ];
  const sentences = [
    `All time you played ${plural(totals.sessions, "session")}, ${hours} hours and ` +
    `${plural(totals.tracksPlayed, "track")}, with ${plural(totals.transitions, "transition")}.`,
  ];
  if (transitions.count > 0) {
    facts.push({ label: "Harmonic transitions", value: `${transitions.harmonicPct} %`, href: HREF });
    sentences.push(
      `${transitions.harmonicPct} % of your transitions were harmonic: the next track was in the same key, ` +
        "one step away on the Camelot wheel, or the relative major/minor, so the keys blend without clashing.",
    );
    if (transitions.averageOverlapBeats !== null) {
      const beats = Math.round(transitions.averageOverlapBeats);
      facts.push({ label: "Average overlap", value: `${beats} beats`, href: HREF });
      sentences.push(`On average both tracks played together for ${beats} beats in a blend.`);
    }
  }
  if (stats.bpm) {
    const range = `${Math.round(stats.bpm.min)}–${Math.round(stats.bpm.max)} BPM`;
    facts.push({
      label: "BPM range",
      value: `${range}, average ${Math.round(stats.bpm.average)}`,
      href: HREF,
    });
    sentences.push(`Your tracks ran from ${range}, ${Math.round(stats.bpm.average)} BPM on average.`);
  }
  if (stats.topGenres.length > 0) {
    const genres = stats.topGenres.slice(0, 3).map((g) => `${g.genre} (${g.percent} %)`).join(", ");
    facts.push({ label: "Top genres", value: genres, href: HREF });
    sentences.push(`Your top genres: ${genres}.`);
  }
  if (stats.whenYouDj.mostActive) {
    const { weekday, hour } = stats.whenYouDj.mostActive;
    const slot = `${weekday} ${String(hour).padStart(2, "0")}:00 UTC`;
    facts.push({ label: "Most active", value: slot, href: HREF });
    sentences.push(`You play most on ${slot}.`);
  }
  if (totals.longestStreakDays > 1) {
    facts.push({ label: "Longest streak", value: `${totals.longestStreakDays} days`, href: HREF });
  }
  sentences.push(weeklySummary(stats.week));
  if (stats.newestBatchAt) {
    facts.push({ label: "Last updated", value: formatTime(stats.newestBatchAt), href: HREF });
  }
  return { topic: "stats", text: sentences.join(" "), facts };
}
