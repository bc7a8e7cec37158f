/**
 * @module
 * "MIXEY Matches": every other opted-in DJ with a profile, ranked by similarity to the signed-in DJ,
 * with the reasons and the unread count of their messages. People blocked either way are left out.
 * Whoever the DJ already has messages with is listed too, however different their styles (or when
 * either has no profile yet), so every conversation stays reachable.
 */
import type { Db } from "../../db/client.ts";
import { blockedEitherWay } from "./blocks.ts";
import { conversationPartners, unreadBySender } from "./chat.ts";
import { type ConnectPerson, optedInPeople } from "./opt_in.ts";
import type { DjProfile } from "./profile.ts";
import { type Similarity, similarity } from "./similarity.ts";

/** A score below this is no match, unless there are messages. */
export const MIN_MATCH_SCORE = 20;
export const MAX_MATCHES = 20;

export interface Match {
  person: ConnectPerson;
  /** Null when the other DJ is not opted in (any more) or has no telemetry. */
  profile: DjProfile | null;
  /** Null unless both have a profile. */
  similarity: Similarity | null;
  unread: number;
}

export type ProfileLoader = (userId: string) => Promise<DjProfile | null>;

/**
 * @example
 * const matches = await findMatches(db, user.id, myProfile, (id) => loadDjProfile(db, id, now));
 */
export async function findMatches(
  db: Db,
  me: string,
  myProfile: DjProfile | null,
  loadProfile: ProfileLoader,
): Promise<Match[]> {
  const [people, partners, blocked, unread] = await Promise.all([
    myProfile ? optedInPeople(db) : Promise.resolve([]),
    conversationPartners(db, me),
    blockedEitherWay(db, me),
    unreadBySender(db, me),
  ]);
  const optedIn = new Set(people.map((person) => person.id));
  const candidates = new Map<string, ConnectPerson>();
  for (const person of [...people, ...partners]) candidates.set(person.id, person);
  const matches: Match[] = [];
  for (const person of candidates.values()) {
    if (person.id === me || blocked.has(person.id)) continue;
    const profile = optedIn.has(person.id) ? await loadProfile(person.id) : null;
    const alike = profile && myProfile ? similarity(myProfile, profile) : null;
    const talking = partners.some((partner) => partner.id === person.id);
    if (!talking && (!alike || alike.score < MIN_MATCH_SCORE)) continue;
    matches.push({ person, profile, similarity: alike, unread: unread.get(person.id) ?? 0 });
  }
  return matches.sort((a, b) =>
    b.unread - a.unread || (b.similarity?.score ?? 0) - (a.similarity?.score ?? 0)
  )
    .slice(0, MAX_MATCHES);
}
