/**
 * @module MIXEY's DJ statistics tool: the totals, tempo, genres, harmonic mixing and timing of the
 * user's sets from their real telemetry (the telemetry room's read API and the Connect profile built
 * on it), each explained in a sentence.
 */
import { listDailyTotals, telemetryLastUpdated, utcDay } from "../../telemetry/mod.ts";
import { describeMostActive, loadDjProfile } from "../../connect/mod.ts";
import { formatTime } from "../../../ui/format.ts";
import { type Fact, plural, type TopicAnswer } from "../facts.ts";
import type { ToolContext } from "../tool_context.ts";

const HREF = "/dj-stats";

export async function statsAnswer({ db, user, now }: ToolContext): Promise<TopicAnswer> {
  const [days, profile, lastUpdated] = await Promise.all([
    listDailyTotals(db, user.id, { firstDay: "2000-01-01", lastDay: utcDay(now.getTime()) }),
    loadDjProfile(db, user.id, now),
    telemetryLastUpdated(db, user.id),
  ]);
  const totals = days.reduce(
    (sum, day) => ({
      sessions: sum.sessions + day.sessions,
      plays: sum.plays + day.plays,
      playedSec: sum.playedSec + day.playedSec,
      transitions: sum.transitions + day.transitions,
      harmonic: sum.harmonic + day.harmonicTransitions,
    }),
    { sessions: 0, plays: 0, playedSec: 0, transitions: 0, harmonic: 0 },
  );
  if (totals.plays === 0 && totals.sessions === 0) {
    return {
      topic: "stats",
      text: "I don't know your DJ statistics yet: no telemetry from a linked MIXERA controller has arrived. " +
        "Once your controller sends its first set, DJ Stats and I can explain it.",
      facts: [{ label: "Telemetry received", value: "none yet", href: HREF }],
    };
  }
  const hours = Math.round((totals.playedSec / 3600) * 10) / 10;
  const facts: Fact[] = [
    { label: "Sessions", value: String(totals.sessions), href: HREF },
    { label: "Hours on air", value: String(hours), href: HREF },
    { label: "Tracks played", value: String(totals.plays), href: HREF },
    { label: "Transitions", value: String(totals.transitions), href: HREF },
  ];
  const sentences = [
    `You played ${plural(totals.sessions, "session")} with ${plural(totals.plays, "track")} and ` +
    `${hours} hours on air, blending ${plural(totals.transitions, "time")}.`,
  ];
  if (totals.transitions > 0) {
    const percent = Math.round((totals.harmonic / totals.transitions) * 100);
    facts.push({ label: "Harmonic mixing", value: `${percent} %`, href: HREF });
    sentences.push(
      `${percent} % of your transitions were harmonic: the incoming track was in the same key, one step ` +
        "away on the Camelot wheel, or the relative major/minor, so the keys blend without clashing.",
    );
  }
  if (profile?.bpm) {
    facts.push({ label: "BPM range", value: `${profile.bpm.low}–${profile.bpm.high} BPM`, href: HREF });
    sentences.push(
      `Most of your time on air (the middle 80 %) was between ${profile.bpm.low} and ${profile.bpm.high} BPM.`,
    );
  }
  if (profile && profile.genres.length > 0) {
    const genres = profile.genres.map((g) => `${g.name} (${g.percent} %)`).join(", ");
    facts.push({ label: "Top genres", value: genres, href: HREF });
    sentences.push(`Your top genres by time on air: ${genres}.`);
  }
  if (profile?.mostActive) {
    facts.push({ label: "Most active", value: describeMostActive(profile.mostActive), href: HREF });
    sentences.push(`You play most on ${describeMostActive(profile.mostActive)}.`);
  }
  if (profile?.typicalSetMinutes) {
    facts.push({ label: "Typical set", value: `${profile.typicalSetMinutes} minutes`, href: HREF });
    sentences.push(`A typical set of yours runs ${profile.typicalSetMinutes} minutes.`);
  }
  if (lastUpdated) facts.push({ label: "Last updated", value: formatTime(lastUpdated), href: HREF });
  return { topic: "stats", text: sentences.join(" "), facts };
}
