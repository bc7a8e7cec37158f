/**
 * @module
 * The demo matches shown while no other DJ with real data has opted in: fixed, clearly labelled
 * profiles that explain what Connect will do. They have no account behind them, so they cannot be
 * opened as a chat or receive messages.
 */
import type { DjProfile } from "./profile.ts";

export interface DemoMatch {
  /** `demo-1` …: never a Mixera ID, so no chat route accepts it. */
  slug: string;
  displayName: string;
  profile: DjProfile;
}

function demoProfile(
  genres: [string, number][],
  bpm: [number, number],
  harmonicPercent: number,
  typicalSetMinutes: number,
  weekday: string,
  dayPart: "evening" | "night",
  sessions: number,
): DjProfile {
  return {
    genres: genres.map(([name, percent]) => ({ name, percent })),
    bpm: { low: bpm[0], high: bpm[1] },
    harmonicPercent,
    typicalSetMinutes,
    mostActive: { weekday, dayPart },
    experience: { sessions, hours: Math.round(sessions * typicalSetMinutes / 6) / 10, since: null },
  };
}

export const DEMO_MATCHES: readonly DemoMatch[] = [
  {
    slug: "demo-1",
    displayName: "DJ Nova (demo)",
    profile: demoProfile(
      [["Deep House", 55], ["Tech House", 30], ["Disco", 15]],
      [121, 126],
      78,
      120,
      "Saturday",
      "night",
      64,
    ),
  },
  {
    slug: "demo-2",
    displayName: "Kai Lumen (demo)",
    profile: demoProfile(
      [["Techno", 70], ["Minimal", 20], ["Electro", 10]],
      [128, 134],
      64,
      90,
      "Friday",
      "night",
      41,
    ),
  },
  {
    slug: "demo-3",
    displayName: "Mara Vinyl (demo)",
    profile: demoProfile(
      [["Disco", 45], ["Funk", 35], ["House", 20]],
      [112, 122],
      82,
      150,
      "Sunday",
      "evening",
      28,
    ),
  },
];
