/**
 * @module
 * A DJ's profile from their real telemetry: the sessions, plays and transitions of the last year,
 * read through the telemetry room's read API, turned into a {@link DjProfile}.
 */
import type { Db } from "../../db/client.ts";
import { listPlays, listSessions, listTransitions } from "../telemetry/mod.ts";
import { computeDjProfile, type DjProfile } from "./profile.ts";

/** The profile looks at this much history. */
export const PROFILE_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;

/**
 * @example
 * const profile = await loadDjProfile(db, user.id, clock.now()); // null without telemetry
 */
export async function loadDjProfile(db: Db, userId: string, now: Date): Promise<DjProfile | null> {
  const range = { from: new Date(now.getTime() - PROFILE_WINDOW_MS), to: new Date(now.getTime() + 60_000) };
  const [sessions, plays, transitions] = await Promise.all([
    listSessions(db, userId, range),
    listPlays(db, userId, range),
    listTransitions(db, userId, range),
  ]);
  return computeDjProfile({ sessions, plays, transitions });
}
