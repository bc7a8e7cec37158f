/**
 * @module
 * A DJ's profile from their real telemetry: the sessions, plays and transitions of the last year,
 * read through the telemetry room's read API, turned into a {@link DjProfile}. Matching reads every
 * opted-in DJ's profile, so computed profiles are kept per database until the DJ's telemetry changes
 * (a newer batch) or the UTC day turns (the year-long window moves by a day): a page view then costs one small
 * query per DJ instead of a year of plays.
 */
import type { Db } from "../../db/client.ts";
import { listPlays, listSessions, listTransitions, telemetryLastUpdated } from "../telemetry/mod.ts";
import { computeDjProfile, type DjProfile } from "./profile.ts";

/** The profile looks at this much history. */
export const PROFILE_WINDOW_MS = 365 * 24 * 60 * 60 * 1000;
/** Profiles kept per database; the least recently stored goes first. */
export const MAX_CACHED_PROFILES = 5_000;
const DAY_MS = 24 * 60 * 60 * 1000;

const caches = new WeakMap<Db, Map<string, { version: string; profile: DjProfile | null }>>();

async function computeProfile(db: Db, userId: string, now: Date): Promise<DjProfile | null> {
  const range = { from: new Date(now.getTime() - PROFILE_WINDOW_MS), to: new Date(now.getTime() + 60_000) };
  const [sessions, plays, transitions] = await Promise.all([
    listSessions(db, userId, range),
    listPlays(db, userId, range),
    listTransitions(db, userId, range),
  ]);
  return computeDjProfile({ sessions, plays, transitions });
}

/**
 * @example
 * const profile = await loadDjProfile(db, user.id, clock.now()); // null without telemetry
 */
export async function loadDjProfile(db: Db, userId: string, now: Date): Promise<DjProfile | null> {
  const newest = await telemetryLastUpdated(db, userId);
  if (!newest) return null;
  const version = `${newest.getTime()}@${Math.floor(now.getTime() / DAY_MS)}`;
  let cache = caches.get(db);
  if (!cache) caches.set(db, cache = new Map());
  const cached = cache.get(userId);
  if (cached?.version === version) return cached.profile;
  const profile = await computeProfile(db, userId, now);
  cache.delete(userId);
  cache.set(userId, { version, profile });
  if (cache.size > MAX_CACHED_PROFILES) cache.delete(cache.keys().next().value!);
  return profile;
}
